package io.bulwark.jdbc;

import io.bulwark.anomaly.response.AnomalyAction;
import io.bulwark.anomaly.response.AnomalyAction.AlertSummary;
import io.bulwark.anomaly.response.AnomalyAction.Mark;
import io.bulwark.anomaly.response.AnomalyAction.Status;
import io.bulwark.anomaly.response.AnomalyActionStore;
import io.bulwark.config.AnomalyResponseConfig.Action;
import io.bulwark.config.AnomalyResponseConfig.Mode;
import io.bulwark.config.AnomalyResponseConfig.Rate;
import io.bulwark.config.AnomalyResponseConfig.SubjectKind;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link AnomalyActionStore} over the {@code anomaly_actions} table (V17). */
final class JdbcAnomalyActions implements AnomalyActionStore {

    private static final String COLUMNS = """
            id, created_at, mode, action, subject_kind, subject, status, expires_at, alert_detector, alert_kind, alert_severity,
            alert_score, alert_reasons, request_id, rate_limit, rate_window_ms, restores, detail, ended_at, ended_by, ended_note,
            acked_at, acked_by, acked_note""";
    private static final String INSERT = "INSERT INTO anomaly_actions (" + COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM anomaly_actions";
    private static final String ACTING = "('throttle', 'step-up', 'suspend', 'revoke')";

    private final Jdbc jdbc;

    JdbcAnomalyActions(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(AnomalyAction action) {
        jdbc.run("record an anomaly response", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, action.id());
                SqlTimes.set(insert, 2, action.createdAt());
                insert.setString(3, action.mode().configName());
                insert.setString(4, action.action().configName());
                insert.setString(5, action.subjectKind().name());
                insert.setString(6, action.subject());
                insert.setString(7, action.status().name());
                SqlTimes.set(insert, 8, action.expiresAt());
                insert.setString(9, action.alert().detector());
                insert.setString(10, action.alert().kind());
                insert.setString(11, action.alert().severity());
                insert.setDouble(12, action.alert().score());
                insert.setString(13, action.alert().reasons());
                insert.setString(14, action.alert().requestId());
                if (action.rate().isPresent()) {
                    insert.setLong(15, action.rate().get().limit());
                    insert.setLong(16, action.rate().get().window().toMillis());
                } else {
                    insert.setNull(15, Types.BIGINT);
                    insert.setNull(16, Types.BIGINT);
                }
                insert.setBoolean(17, action.restores());
                insert.setString(18, action.detail());
                setMark(insert, 19, action.ended());
                setMark(insert, 22, action.acked());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<AnomalyAction> find(String id) {
        return jdbc.run("find an anomaly response", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE id = ?")) {
                select.setString(1, id);
                return read(select).stream().findFirst();
            }
        });
    }

    @Override
    public List<AnomalyAction> list(boolean openOnly, int limit) {
        return jdbc.run("list anomaly responses", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + (openOnly ? " WHERE acked_at IS NULL" : "")
                    + " ORDER BY created_at DESC, id LIMIT ?")) {
                select.setInt(1, limit);
                return read(select);
            }
        });
    }

    @Override
    public List<AnomalyAction> live(Action action, SubjectKind subjectKind, String subject, Status status, Instant now) {
        return jdbc.run("find an identity's anomaly responses", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT
                    + " WHERE subject_kind = ? AND subject = ? AND action = ? AND status = ? AND (expires_at IS NULL OR expires_at > ?)")) {
                select.setString(1, subjectKind.name());
                select.setString(2, subject);
                select.setString(3, action.configName());
                select.setString(4, status.name());
                SqlTimes.set(select, 5, now);
                return read(select);
            }
        });
    }

    @Override
    public List<AnomalyAction> inForce(Action action, Instant now) {
        return jdbc.run("list the anomaly responses in force", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT
                    + " WHERE status = 'ACTIVE' AND action = ? AND (expires_at IS NULL OR expires_at > ?)")) {
                select.setString(1, action.configName());
                SqlTimes.set(select, 2, now);
                return read(select);
            }
        });
    }

    @Override
    public Set<String> actedOnSince(Mode mode, Instant since) {
        return jdbc.run("count the identities acted on", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT subject_kind, subject FROM anomaly_actions"
                    + " WHERE mode = ? AND created_at >= ? AND action IN " + ACTING)) {
                select.setString(1, mode.configName());
                SqlTimes.set(select, 2, since);
                Set<String> identities = new LinkedHashSet<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        identities.add(AnomalyActionStore.identity(SubjectKind.valueOf(row.getString(1)), row.getString(2)));
                    }
                }
                return identities;
            }
        });
    }

    @Override
    public List<AnomalyAction> due(Instant now) {
        return jdbc.run("list the anomaly responses due to end", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT
                    + " WHERE status IN ('ACTIVE', 'OBSERVED') AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at")) {
                SqlTimes.set(select, 1, now);
                return read(select);
            }
        });
    }

    @Override
    public boolean end(String id, Status from, Status to, Mark mark) {
        return jdbc.run("end an anomaly response", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE anomaly_actions SET status = ?, ended_at = ?, ended_by = ?, ended_note = ? WHERE id = ? AND status = ?")) {
                update.setString(1, to.name());
                setMark(update, 2, mark);
                update.setString(5, id);
                update.setString(6, from.name());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean ack(String id, Mark mark) {
        return jdbc.run("acknowledge an anomaly response", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE anomaly_actions SET acked_at = ?, acked_by = ?, acked_note = ? WHERE id = ? AND acked_at IS NULL")) {
                setMark(update, 1, mark);
                update.setString(4, id);
                return update.executeUpdate() == 1;
            }
        });
    }

    private static void setMark(PreparedStatement statement, int index, Mark mark) throws SQLException {
        SqlTimes.set(statement, index, mark == null ? null : mark.at());
        statement.setString(index + 1, mark == null ? null : mark.by());
        statement.setString(index + 2, mark == null ? null : mark.note());
    }

    private static List<AnomalyAction> read(PreparedStatement select) throws SQLException {
        List<AnomalyAction> actions = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                long limit = row.getLong("rate_limit");
                Optional<Rate> rate = row.wasNull() ? Optional.empty()
                        : Optional.of(new Rate(limit, Duration.ofMillis(row.getLong("rate_window_ms"))));
                actions.add(new AnomalyAction(row.getString("id"), SqlTimes.get(row, "created_at"),
                        Mode.valueOf(row.getString("mode").toUpperCase(java.util.Locale.ROOT)), action(row.getString("action")),
                        SubjectKind.valueOf(row.getString("subject_kind")), row.getString("subject"), Status.valueOf(row.getString("status")),
                        SqlTimes.get(row, "expires_at"),
                        new AlertSummary(row.getString("alert_detector"), row.getString("alert_kind"), row.getString("alert_severity"),
                                row.getDouble("alert_score"), row.getString("alert_reasons"), row.getString("request_id")),
                        rate, row.getBoolean("restores"), row.getString("detail"), mark(row, "ended"), mark(row, "acked")));
            }
        }
        return actions;
    }

    private static Action action(String configName) {
        for (Action action : Action.values()) {
            if (action.configName().equals(configName)) {
                return action;
            }
        }
        throw new IllegalStateException("unknown anomaly action in the store: " + configName);
    }

    private static Mark mark(ResultSet row, String prefix) throws SQLException {
        Instant at = SqlTimes.get(row, prefix + "_at");
        return at == null ? null : new Mark(at, row.getString(prefix + "_by"), row.getString(prefix + "_note"));
    }
}
