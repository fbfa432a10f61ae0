-- The register's name search at a million names: most names repeat (a given and a family name drawn from a
-- few hundred each), and searching child_name_keys itself meant rechecking tens of thousands of its wide rows
-- for a short or common name. The distinct forms of names (Latin form and keys) are searched instead, a
-- fraction of the rows, and only the best forms are joined back to the names written that way; the distinct
-- words of the forms let a misspelt word be found among a few thousand words by trigrams.
CREATE TABLE name_forms (
  id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  name_latin text NOT NULL,
  keys text[] NOT NULL,
  UNIQUE (name_latin, keys)
);
-- A search reads a handful of the forms' pages: starting parallel workers for it costs more than it saves,
-- and under load far more.
ALTER TABLE name_forms SET (parallel_workers = 0);

CREATE TABLE name_words (
  word text PRIMARY KEY
);

INSERT INTO name_forms (name_latin, keys) SELECT DISTINCT name_latin, keys FROM child_name_keys;
INSERT INTO name_words (word) SELECT DISTINCT substr(key, 3) FROM name_forms, unnest(keys) AS key WHERE key LIKE 'w:%';

-- Without a pending list (fastupdate): a new form or word is rare once the register is filled, and every
-- search would otherwise read the whole list.
CREATE INDEX name_forms_keys ON name_forms USING gin (keys) WITH (fastupdate = off);
CREATE INDEX name_words_trigrams ON name_words USING gin (word gin_trgm_ops) WITH (fastupdate = off);

-- From a form back to the names written that way.
CREATE INDEX child_name_keys_form ON child_name_keys (name_latin);
