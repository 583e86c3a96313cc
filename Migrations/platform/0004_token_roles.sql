-- Staff API tokens carry any of the back office's roles (owner, manager, support, analyst).
ALTER TABLE {{schema}}.api_tokens DROP CONSTRAINT api_tokens_role_check;
ALTER TABLE {{schema}}.api_tokens ADD CONSTRAINT api_tokens_role_check
    CHECK (role IN ('owner', 'manager', 'support', 'analyst'));
