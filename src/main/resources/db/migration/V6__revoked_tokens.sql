-- Access tokens revoked before they expire (RFC 7009), by jti. A row can be purged once the
-- token has expired anyway, since an expired token is refused without looking here.
CREATE TABLE revoked_tokens (
    jti        VARCHAR(255) NOT NULL PRIMARY KEY,
    client_id  VARCHAR(255) NOT NULL,
    expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at);
