-- Running shifts by their planned end (who comes off at the next shift change: the handover)
-- and by post (each post's people on duty: the Setup screen's posts tab), so both read an
-- index range, not every running shift.
CREATE INDEX shifts_active_end ON shifts(planned_end, post_id) WHERE status = 'active';
CREATE INDEX shifts_active_post ON shifts(post_id) WHERE status = 'active';
-- Audit rows by action (a desk's latest sign-in, where its shift began, without reading the
-- whole log backwards when nobody has signed in yet).
CREATE INDEX audit_action ON audit_log(action, id);
