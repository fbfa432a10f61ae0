-- Workers, schedules and live streams sleep until there is something to do. A change that gives them work
-- sends a notification in the same transaction, so it arrives when (and only if) the change commits, in every
-- process listening on the database (src/wake/wake.ts). Triggers rather than calls in the code, so that no path
-- that queues work (the API, the command line, an import) can forget to wake the workers. Statement triggers:
-- one notification per statement, and PostgreSQL folds identical ones within a transaction into one.
CREATE FUNCTION wake_on_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_ARGV[0], '');
  RETURN NULL;
END
$$;

-- Work for the dispatch workers: fan-out jobs, sends (fan-out's and sign-up confirmations), appeal kit events.
CREATE TRIGGER dispatch_jobs_wake AFTER INSERT ON dispatch_jobs FOR EACH STATEMENT EXECUTE FUNCTION wake_on_commit('fmn_dispatch');
CREATE TRIGGER deliveries_wake AFTER INSERT ON deliveries FOR EACH STATEMENT EXECUTE FUNCTION wake_on_commit('fmn_dispatch');
CREATE TRIGGER appeal_kit_sends_wake AFTER INSERT ON appeal_kit_sends FOR EACH STATEMENT EXECUTE FUNCTION wake_on_commit('fmn_dispatch');

-- Changes that can move a schedule's next due moment: an alert's expiry, a re-issue or kit timetable, an
-- appeal's review date, a partner feed to pull.
CREATE TRIGGER alert_reissue_schedules_wake AFTER INSERT OR UPDATE ON alert_reissue_schedules FOR EACH STATEMENT EXECUTE FUNCTION wake_on_commit('fmn_schedule');
CREATE TRIGGER appeal_kit_schedules_wake AFTER INSERT OR UPDATE ON appeal_kit_schedules FOR EACH STATEMENT EXECUTE FUNCTION wake_on_commit('fmn_schedule');
CREATE TRIGGER long_term_appeals_wake AFTER INSERT OR UPDATE ON long_term_appeals FOR EACH STATEMENT EXECUTE FUNCTION wake_on_commit('fmn_schedule');
CREATE TRIGGER pfif_partners_wake AFTER INSERT OR UPDATE OF feed_url, revoked_at ON pfif_partners FOR EACH STATEMENT EXECUTE FUNCTION wake_on_commit('fmn_schedule');

-- Alerts and their messages: the screens' lists, the progress streams (an alert ending) and the expiry schedule.
CREATE TRIGGER alerts_wake AFTER INSERT OR UPDATE ON alerts FOR EACH STATEMENT EXECUTE FUNCTION wake_on_commit('fmn_alerts');
CREATE TRIGGER alert_messages_wake AFTER INSERT ON alert_messages FOR EACH STATEMENT EXECUTE FUNCTION wake_on_commit('fmn_alerts');

-- Notices for staff: the triage stream announces high-priority submissions from them.
CREATE TRIGGER staff_notifications_wake AFTER INSERT ON staff_notifications FOR EACH STATEMENT EXECUTE FUNCTION wake_on_commit('fmn_staff_notices');
