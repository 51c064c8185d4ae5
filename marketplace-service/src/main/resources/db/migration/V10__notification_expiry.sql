-- Notifications expire (expires_at = created_at + agora.notifications.retention): hidden at once, purged by a schedule.
create index idx_notifications_expires_at on notifications (expires_at) where expires_at is not null;
-- the feed filtered by type
create index idx_notifications_user_type on notifications (user_id, type, created_at desc);
