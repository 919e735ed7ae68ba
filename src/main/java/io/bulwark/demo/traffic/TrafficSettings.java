package io.bulwark.demo.traffic;

/**
 * The options of {@code bulwark demo --traffic}.
 *
 * @param clients partner clients (offline and live)
 * @param users   users (offline only: a live run uses the demo's own users)
 * @param days    simulated days (offline: the file's length; live: the length of each round, played until stopped)
 * @param speed   how many times faster than real time a live run plays simulated time
 * @param rate    the most requests a second a live run sends
 */
public record TrafficSettings(long seed, int clients, int users, int days, double speed, double rate) {

    public TrafficSettings {
        if (clients < 2 || clients > 99) {
            throw new IllegalArgumentException("--traffic-clients must be between 2 and 99, not " + clients);
        }
        if (users < 1 || users > 99_999) {
            throw new IllegalArgumentException("--traffic-users must be between 1 and 99999, not " + users);
        }
        if (!(speed > 0) || speed > 1_000_000) {
            throw new IllegalArgumentException("--traffic-speed must be above 0 and at most 1000000 (times real time), not " + speed);
        }
        if (!(rate > 0) || rate > 1_000) {
            throw new IllegalArgumentException("--traffic-rate must be above 0 and at most 1000 requests a second, not " + rate);
        }
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("--simulated-days must be between 1 and 366, not " + days);
        }
    }
}
