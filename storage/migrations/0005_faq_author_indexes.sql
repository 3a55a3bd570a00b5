-- /privacy export and delete find the FAQ text and changes a user wrote by its author: without these, each
-- of them read the whole faq_entries and faq_changes tables. Both tables change only when an admin edits a
-- server's FAQ, so the indexes cost next to nothing.
CREATE INDEX faq_entries_author ON faq_entries (updated_by);
CREATE INDEX faq_changes_author ON faq_changes (by_user);
