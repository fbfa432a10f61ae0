// The person fields a partner may be granted, besides the ids, dates and full name PFIF requires: in a module of
// their own, without the XML reader, so the console offers the same list.
export const GRANTABLE_PERSON_FIELDS = [
  'author_name',
  'source_name',
  'source_url',
  'description',
  'sex',
  'age',
  'home_country',
  'photo_url',
] as const;
