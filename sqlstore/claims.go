package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"praxis"
)

// Placeholders are people an import (or the demo) brought in: users
// without a password, who cannot sign in. Someone claims a placeholder by
// signing up through an invitation an administrator bound to it, or with
// the e-mail address the import recorded for it; the account keeps the
// placeholder's id, so its history (posts, memberships, activity) is
// theirs.

// CreateClaimInvitation makes a sign-up link that takes over the
// placeholder with the handle, for one address (email) or, if email is
// empty, for whoever has the link. Errors: EUNAUTHORIZED, EFORBIDDEN,
// ENOTFOUND, EINVALID, ECONFLICT (the account is not a placeholder).
func (db *DB) CreateClaimInvitation(ctx context.Context, actor *praxis.User, handle, email string) (*praxis.Invitation, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	email = praxis.NormalizeEmail(email)
	if email != "" {
		var v praxis.Validation
		praxis.ValidateEmail(&v, "email", email)
		if err := v.Err(); err != nil {
			return nil, err
		}
	}
	handle = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(handle), "@"))
	inv := &praxis.Invitation{Email: email, Token: newSecret("inv_")}
	err := db.update(ctx, func(tx *Tx) error {
		var userID int64
		var hash sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT id, password_hash FROM users WHERE handle = $1`, handle).Scan(&userID, &hash)
		switch {
		case isNoRows(err):
			return notFound("No member has the handle @%s.", handle)
		case err != nil:
			return err
		case hash.Valid:
			return praxis.Errorf(praxis.ECONFLICT, "@%s has an account already: only placeholders (imported people) can be claimed.", handle)
		}
		if email != "" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = $1 AND id <> $2`, email, userID).Scan(&n); err != nil {
				return err
			} else if n > 0 {
				msg := "Another account uses this e-mail address."
				return &praxis.Error{Code: praxis.ECONFLICT, Message: msg, Fields: map[string]string{"email": msg}}
			}
		}
		// The command line acts as no one in particular: the link is then
		// made in the name of the first administrator.
		createdBy := actor.ID
		if createdBy == 0 {
			err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1`).Scan(&createdBy)
			if isNoRows(err) {
				return praxis.Errorf(praxis.ECONFLICT, "Set this Praxis up first: an invitation needs an administrator.")
			} else if err != nil {
				return err
			}
		}
		inv.CreatedAt, inv.ExpiresAt = tx.now, tx.now.Add(praxis.InvitationLifetime)
		return tx.QueryRowContext(ctx, `INSERT INTO invitations (token_hash, email, created_by, created_at, expires_at, claim_user_id)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, hashSecret(inv.Token), email, createdBy, ms(inv.CreatedAt), ms(inv.ExpiresAt), userID).Scan(&inv.ID)
	})
	if err != nil {
		return nil, err
	}
	return inv, nil
}

// claimOrInsert writes a new account: it takes over the placeholder
// claimID (from an invitation), or else the placeholder whose recorded
// e-mail address is u's, or else inserts a new user.
func (tx *Tx) claimOrInsert(ctx context.Context, u *praxis.User, claimID int64) error {
	if claimID == 0 && u.Email != "" {
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1 AND password_hash IS NULL`, u.Email).Scan(&claimID)
		if err != nil && !isNoRows(err) {
			return err
		}
	}
	if claimID == 0 {
		return tx.insertUser(ctx, u)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE handle = $1 AND id <> $2`, u.Handle, claimID).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return &praxis.Error{Code: praxis.ECONFLICT, Message: "That handle is taken; choose another.",
			Fields: map[string]string{"handle": "That handle is taken; choose another."}}
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = $1 AND id <> $2`, u.Email, claimID).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		msg := "An account with this e-mail address already exists. Sign in instead."
		return &praxis.Error{Code: praxis.ECONFLICT, Message: msg, Fields: map[string]string{"email": msg}}
	}
	var created int64
	err := tx.QueryRowContext(ctx, `UPDATE users SET handle = $1, email = $2, display_name = $3, password_hash = $4, updated_at = $5
		WHERE id = $6 AND password_hash IS NULL RETURNING created_at, location, bio`,
		u.Handle, u.Email, u.DisplayName, u.PasswordHash, ms(tx.now), claimID).Scan(&created, &u.Location, &u.Bio)
	if isNoRows(err) {
		return praxis.Errorf(praxis.ECONFLICT, "This account has been claimed already. Sign in instead.")
	} else if isUniqueViolation(err) {
		return praxis.Errorf(praxis.ECONFLICT, "That handle or e-mail address was just taken; choose another.")
	} else if err != nil {
		return err
	}
	u.ID, u.CreatedAt = claimID, fromMS(created)
	tx.reindex(praxis.SearchMember, u.ID)
	return nil
}
