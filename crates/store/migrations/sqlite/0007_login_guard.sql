-- Failed logins counted per typed username, known or not (so answers reveal no account): one
-- row per (username, address), and one per username with address '' for the failures from
-- addresses the account has not logged in from lately. A login is charged here before its
-- password is checked and refunded if it was right, so parallel guesses cannot overtake the
-- count. Keep in step with ../postgres/0007_login_guard.sql.
CREATE TABLE login_failures (
    username     TEXT NOT NULL,
    ip           TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    failures     INTEGER NOT NULL,
    locked_until INTEGER,
    PRIMARY KEY (username, ip)
);
CREATE INDEX login_failures_window ON login_failures(window_start);

-- Where each account has logged in: the account-wide lock spares these addresses, so a guesser
-- elsewhere cannot lock the owner out.
CREATE TABLE login_addresses (
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    ip           TEXT NOT NULL,
    last_success INTEGER NOT NULL,
    PRIMARY KEY (account_id, ip)
);
