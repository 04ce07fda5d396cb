package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"praxis"
)

const adminUsage = `Usage:
  praxis admin create-user --handle H --email E --name N [--password P] [--admin]
  praxis admin make-admin HANDLE
  praxis admin create-token HANDLE --name NAME
  praxis admin claim-link HANDLE [--email E] [--base-url URL]
                  a sign-up link that takes over an imported person (placeholder)
`

func runAdmin(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, adminUsage)
		return errors.New("an admin command is required")
	}
	fs := newFlagSet("admin "+args[0], stderr)
	var d dbFlags
	d.register(fs, getenv)
	log := newLogger(stderr, getenv)
	switch args[0] {
	case "create-user":
		handle := fs.String("handle", "", "handle (required)")
		email := fs.String("email", "", "e-mail address (required)")
		name := fs.String("name", "", "display name (required)")
		pw := fs.String("password", getenv("PRAXIS_PASSWORD"), "password, at least 10 characters (env PRAXIS_PASSWORD)")
		admin := fs.Bool("admin", false, "make the user an administrator")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *pw == "" {
			return errors.New("--password (or PRAXIS_PASSWORD) is required: there are no default passwords")
		}
		db, err := d.open(ctx, log)
		if err != nil {
			return err
		}
		defer db.Close()
		role := praxis.RoleMember
		if *admin {
			role = praxis.RoleAdmin
		}
		u, err := db.CreateUser(ctx, praxis.Signup{Handle: *handle, Email: *email, DisplayName: *name, Password: *pw}, role)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "Created @%s (%s).\n", u.Handle, u.Role)
		return nil
	case "make-admin":
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New("usage: praxis admin make-admin HANDLE")
		}
		db, err := d.open(ctx, log)
		if err != nil {
			return err
		}
		defer db.Close()
		system := &praxis.User{Handle: "praxis-cli", Role: praxis.RoleAdmin}
		if err := db.SetUserRole(ctx, system, fs.Arg(0), praxis.RoleAdmin); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "@%s is an administrator.\n", fs.Arg(0))
		return nil
	case "create-token":
		name := fs.String("name", "command line", "a name to recognize the token by")
		if len(args) < 2 {
			return errors.New("usage: praxis admin create-token HANDLE --name NAME")
		}
		// The handle comes first; flags may follow it.
		if err := fs.Parse(args[2:]); err != nil {
			return err
		}
		db, err := d.open(ctx, log)
		if err != nil {
			return err
		}
		defer db.Close()
		u, err := db.UserByHandle(ctx, args[1])
		if err != nil {
			return describe(err)
		}
		t, err := db.CreateAPIToken(ctx, u.ID, *name)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stderr, "Created the token %q for @%s. It is shown once:\n", t.Name, u.Handle)
		fmt.Fprintln(stdout, t.Secret)
		return nil
	case "claim-link":
		email := fs.String("email", "", "the address that must sign up with the link (optional)")
		base := fs.String("base-url", getenv("PRAXIS_BASE_URL"), "public URL of the site, for the link (env PRAXIS_BASE_URL)")
		if len(args) < 2 || strings.HasPrefix(args[1], "-") {
			return errors.New("usage: praxis admin claim-link HANDLE [--email E]")
		}
		if err := fs.Parse(args[2:]); err != nil {
			return err
		}
		db, err := d.open(ctx, log)
		if err != nil {
			return err
		}
		defer db.Close()
		system := &praxis.User{Handle: "praxis-cli", Role: praxis.RoleAdmin}
		inv, err := db.CreateClaimInvitation(ctx, system, args[1], *email)
		if err != nil {
			return describe(err)
		}
		link := strings.TrimRight(*base, "/") + "/signup?invite=" + inv.Token
		fmt.Fprintf(stderr, "Whoever signs up with this link (valid for 14 days, once) becomes @%s, with its history:\n", strings.TrimPrefix(args[1], "@"))
		fmt.Fprintln(stdout, link)
		return nil
	default:
		fmt.Fprint(stderr, adminUsage)
		return fmt.Errorf("unknown admin command %q", args[0])
	}
}

// describe turns a domain error into a message for the terminal, with
// every field problem listed.
func describe(err error) error {
	fields := praxis.ErrorFields(err)
	if len(fields) == 0 {
		return errors.New(praxis.ErrorMessage(err))
	}
	msg := praxis.ErrorMessage(err)
	for f, m := range fields {
		msg += fmt.Sprintf("\n  %s: %s", f, m)
	}
	return errors.New(msg)
}
