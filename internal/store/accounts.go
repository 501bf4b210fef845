package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// User is a local account for the management pages.
type User struct {
	ID           int64
	Username     string
	PasswordHash string // PHC string; see package auth
	Role         string
	Active       bool
	FailedLogins int
	LockedUntil  time.Time // zero when not locked
	CreatedAt    time.Time
	LastLoginAt  *time.Time
}

const userColumns = `id, username, password_hash, role, is_active, failed_logins, locked_until, created_at, last_login_at`

func scanUser(sc interface{ Scan(...any) error }) (User, error) {
	var u User
	var locked, created int64
	var last sql.NullInt64
	if err := sc.Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Role, &u.Active, &u.FailedLogins, &locked, &created, &last); err != nil {
		return User{}, err
	}
	if locked > 0 {
		u.LockedUntil = fromMS(locked)
	}
	u.CreatedAt, u.LastLoginAt = fromMS(created), optTime(last)
	return u, nil
}

// CreateUser stores a new account; ErrExists when the name is taken.
func (s *Store) CreateUser(ctx context.Context, username, passwordHash, role string) (User, error) {
	var id int64
	now := s.now()
	err := s.queryRow(ctx, `INSERT INTO users (username, password_hash, role, is_active, failed_logins, locked_until, created_at)
		VALUES (?, ?, ?, TRUE, 0, 0, ?) RETURNING id`, username, passwordHash, role, ms(now)).Scan(&id)
	if isUniqueViolation(err) {
		return User{}, fmt.Errorf("user %q: %w", username, ErrExists)
	}
	if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	return User{ID: id, Username: username, PasswordHash: passwordHash, Role: role, Active: true, CreatedAt: fromMS(ms(now))}, nil
}

// UserByName returns the account named username.
func (s *Store) UserByName(ctx context.Context, username string) (User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("user: %w", err)
	}
	return u, nil
}

// ListUsers returns every account by name.
func (s *Store) ListUsers(ctx context.Context) ([]User, error) {
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users ORDER BY username`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetPassword replaces an account's password hash, clears its lockout and
// ends its sessions.
func (s *Store) SetPassword(ctx context.Context, username, passwordHash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, s.q(`UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = 0 WHERE username = ? RETURNING id`),
			passwordHash, username).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("user %q: %w", username, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE user_id = ?`), id); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		return nil
	})
}

// SetUserActive enables or disables an account; disabling ends its
// sessions.
func (s *Store) SetUserActive(ctx context.Context, username string, active bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, s.q(`UPDATE users SET is_active = ? WHERE username = ? RETURNING id`), active, username).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("user %q: %w", username, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("set user active: %w", err)
		}
		if !active {
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE user_id = ?`), id); err != nil {
				return fmt.Errorf("end sessions: %w", err)
			}
		}
		return nil
	})
}

// RecordLoginSuccess clears the failure count and notes the login.
func (s *Store) RecordLoginSuccess(ctx context.Context, userID int64) error {
	_, err := s.exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = 0, last_login_at = ? WHERE id = ?`, ms(s.now()), userID)
	if err != nil {
		return fmt.Errorf("record login: %w", err)
	}
	return nil
}

// Session is a logged-in browser. Only the token's hash is stored.
type Session struct {
	TokenHash string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// CreateSession stores a session and deletes expired ones.
func (s *Store) CreateSession(ctx context.Context, sess Session) error {
	if _, err := s.exec(ctx, `DELETE FROM sessions WHERE expires_at < ?`, ms(s.now())); err != nil {
		return fmt.Errorf("expire sessions: %w", err)
	}
	_, err := s.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		sess.TokenHash, sess.UserID, ms(sess.CreatedAt), ms(sess.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// SessionUser returns the unexpired session with tokenHash and its active
// user.
func (s *Store) SessionUser(ctx context.Context, tokenHash string) (Session, User, error) {
	row := s.queryRow(ctx, `SELECT s.created_at, s.expires_at, u.id, u.username, u.password_hash, u.role, u.is_active,
		u.failed_logins, u.locked_until, u.created_at, u.last_login_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.is_active = TRUE`, tokenHash, ms(s.now()))
	var created, expires int64
	var u User
	var locked, ucreated int64
	var last sql.NullInt64
	err := row.Scan(&created, &expires, &u.ID, &u.Username, &u.PasswordHash, &u.Role, &u.Active,
		&u.FailedLogins, &locked, &ucreated, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, User{}, ErrNotFound
	}
	if err != nil {
		return Session{}, User{}, fmt.Errorf("session: %w", err)
	}
	if locked > 0 {
		u.LockedUntil = fromMS(locked)
	}
	u.CreatedAt, u.LastLoginAt = fromMS(ucreated), optTime(last)
	return Session{TokenHash: tokenHash, UserID: u.ID, CreatedAt: fromMS(created), ExpiresAt: fromMS(expires)}, u, nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// LoginLockedUntil returns when the lock on (username, client) ends; zero
// when there is none. Unknown user names are tracked like known ones, so
// the answer says nothing about which accounts exist.
func (s *Store) LoginLockedUntil(ctx context.Context, username, client string) (time.Time, error) {
	var until int64
	err := s.queryRow(ctx, `SELECT locked_until FROM login_throttle WHERE username = ? AND client = ?`, username, client).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("login throttle: %w", err)
	}
	if until > ms(s.now()) {
		return fromMS(until), nil
	}
	return time.Time{}, nil
}

// RecordThrottledFailure counts a failed login of username from client.
// At threshold failures the pair is locked for lockFor doubled for each
// earlier lock (at most maxLock) and the count restarts; it returns the
// lock's end, zero when not locked. Rows untouched for a day are removed
// when a lock is set.
func (s *Store) RecordThrottledFailure(ctx context.Context, username, client string, threshold int, lockFor, maxLock time.Duration) (time.Time, error) {
	now := s.now()
	var failures, locks int
	err := s.queryRow(ctx, `INSERT INTO login_throttle (username, client, failures, locks, locked_until, updated_at)
		VALUES (?, ?, 1, 0, 0, ?)
		ON CONFLICT (username, client) DO UPDATE SET failures = login_throttle.failures + 1, updated_at = excluded.updated_at
		RETURNING failures, locks`, username, client, ms(now)).Scan(&failures, &locks)
	if err != nil {
		return time.Time{}, fmt.Errorf("record login failure: %w", err)
	}
	if failures < threshold {
		return time.Time{}, nil
	}
	d := lockFor
	for i := 0; i < locks && d < maxLock; i++ {
		d *= 2
	}
	d = min(d, maxLock)
	until := now.Add(d)
	if _, err := s.exec(ctx, `UPDATE login_throttle SET failures = 0, locks = locks + 1, locked_until = ?
		WHERE username = ? AND client = ?`, ms(until), username, client); err != nil {
		return time.Time{}, fmt.Errorf("lock login: %w", err)
	}
	if _, err := s.exec(ctx, `DELETE FROM login_throttle WHERE updated_at < ? AND locked_until < ?`,
		ms(now.Add(-24*time.Hour)), ms(now)); err != nil {
		return time.Time{}, fmt.Errorf("expire login throttle: %w", err)
	}
	return until, nil
}

// ClearLoginThrottle forgets the failures of username from client (after
// a successful login), or from every address when client is "".
func (s *Store) ClearLoginThrottle(ctx context.Context, username, client string) error {
	var err error
	if client == "" {
		_, err = s.exec(ctx, `DELETE FROM login_throttle WHERE username = ?`, username)
	} else {
		_, err = s.exec(ctx, `DELETE FROM login_throttle WHERE username = ? AND client = ?`, username, client)
	}
	if err != nil {
		return fmt.Errorf("clear login throttle: %w", err)
	}
	return nil
}
