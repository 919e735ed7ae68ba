package io.bulwark.jdbc;

import io.bulwark.oauth.core.Scopes;
import io.bulwark.oauth.par.PushedRequest;
import io.bulwark.oauth.rar.AuthorizationDetailsJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The columns a pushed request occupies, in {@code pushed_requests} and again in {@code authorization_interactions}. */
final class PushedRequestColumns {

    /** The column names, in the order {@link #bind} fills them. */
    static final String NAMES = "client_id, redirect_uri, scope, state, nonce, code_challenge, authorization_details, dpop_jkt";
    static final int COUNT = 8;

    private PushedRequestColumns() {
    }

    /** Binds the request's columns from parameter {@code first} on. */
    static void bind(PreparedStatement statement, int first, PushedRequest request) throws SQLException {
        statement.setString(first, request.clientId());
        statement.setString(first + 1, request.redirectUri());
        statement.setString(first + 2, Scopes.format(request.scopes()));
        statement.setString(first + 3, request.state());
        statement.setString(first + 4, request.nonce());
        statement.setString(first + 5, request.codeChallenge());
        statement.setString(first + 6, AuthorizationDetailsJson.write(request.details()));
        statement.setString(first + 7, request.dpopJkt());
    }

    /** The request on the current row, whose request expiry is in column {@code expiresAtColumn}. */
    static PushedRequest read(ResultSet row, String expiresAtColumn) throws SQLException {
        return new PushedRequest(row.getString("client_id"), row.getString("redirect_uri"),
                Scopes.parse(row.getString("scope")), row.getString("state"), row.getString("nonce"),
                row.getString("code_challenge"), AuthorizationDetailsJson.read(row.getString("authorization_details")),
                SqlTimes.get(row, expiresAtColumn), row.getString("dpop_jkt"));
    }
}
