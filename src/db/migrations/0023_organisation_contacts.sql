-- How another force, or the national centre, reaches an organisation about one of its children: the national
-- register answers a search with the owning force's contact where the searcher cannot open the case. A desk
-- that answers day and night (e.g. "Missing Persons Unit, 24 hours"), its telephone and its email.
ALTER TABLE organisations
  ADD COLUMN contact_desk text CHECK (char_length(contact_desk) BETWEEN 1 AND 200),
  ADD COLUMN contact_phone text CHECK (contact_phone ~ '^\+?[0-9][0-9 ()-]{4,23}$'),
  ADD COLUMN contact_email text CHECK (char_length(contact_email) BETWEEN 3 AND 254 AND contact_email LIKE '%_@_%');
