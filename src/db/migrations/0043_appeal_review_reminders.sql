-- Review reminders of long-term appeals: the review date a reminder was last left for, so each review date
-- reminds the people responsible once, and a new review date (a review recorded) reminds again when it passes.
ALTER TABLE long_term_appeals ADD COLUMN review_reminded_for date;
