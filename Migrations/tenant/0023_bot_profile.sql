-- What the tenant's bot last told Telegram about itself (Kernel's BotProfileJob): one row per bot,
-- Bot API method and language code ('' = the list or text for everyone without their own). A
-- blueprint apply pushes only the calls whose parameters hash differently from what is stored
-- here, so re-applying an unchanged blueprint costs no Bot API call. `parameters` is what was
-- sent (no secrets: texts, commands and the mini app's URL); the welcome job reads the mini
-- app's URL from the menu button's row. bot_id is part of the key because a new bot token starts
-- with an empty profile at Telegram.
CREATE TABLE {{schema}}.bot_profile (
    bot_id        bigint NOT NULL,
    method        text NOT NULL CHECK (method IN ('setChatMenuButton', 'setMyCommands', 'setMyDescription',
                                                  'setMyShortDescription')),
    language_code text NOT NULL DEFAULT '' CHECK (language_code ~ '^([a-z]{2})?$'),
    hash          text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    parameters    jsonb NOT NULL,
    pushed_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bot_id, method, language_code)
);
