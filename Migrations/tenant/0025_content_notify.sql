-- Live screens are cached per content version (Kernel ContentVersions): every change to what a
-- live screen shows notifies `tessera_content` with '<schema>:<area>', delivered at commit to every
-- server's listener. Statement-level, so a bulk change is one notification (and PostgreSQL folds
-- identical notifications of one transaction into one). A post's view counter is left out: it
-- moves on every first view, and the screens show it within ContentVersions.maxStaleness.

CREATE FUNCTION {{schema}}.content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tessera_content', TG_TABLE_SCHEMA || ':' || TG_ARGV[0]);
    RETURN NULL;
END
$$;

CREATE TRIGGER news_posts_content AFTER INSERT OR DELETE OR TRUNCATE ON {{schema}}.news_posts
    FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.content_changed('news');
CREATE TRIGGER news_posts_content_update
    AFTER UPDATE OF section, title, body, image_url, categories, pinned, publish_at ON {{schema}}.news_posts
    FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.content_changed('news');

CREATE TRIGGER events_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {{schema}}.events
    FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.content_changed('events');
CREATE TRIGGER event_registrations_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {{schema}}.event_registrations
    FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.content_changed('events');

CREATE TRIGGER products_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {{schema}}.products
    FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.content_changed('shop');
