-- Trigram matching for name search: every word of a name can be found by any of its prefixes,
-- whatever the order in which the words were typed. A trusted extension since PostgreSQL 13.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
