package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"appencorrect/internal/auth"
	"appencorrect/internal/config"
	"appencorrect/internal/server"
	"appencorrect/internal/store"
)

const keysUsage = `usage: appencorrect keys COMMAND

  create --name N [--description D] [--rate-limit-per-hour N] [--scope check|admin] [--json]
                      create a key; it is printed once and stored only as a hash
  list [--json]       list keys (never the secrets)
  deactivate KEY_ID   stop a key (every replica refuses it within API_KEY_CACHE_TTL)
  activate KEY_ID     start a deactivated key again
  rotate KEY_ID [--json]
                      give a key a new secret, printed once; the old one stops

The database is the one serve uses: DATABASE_URL (PostgreSQL) or DATABASE_PATH (SQLite).`

// runKeys administers API keys from the shell.
func runKeys(ctx context.Context, args []string, s stdio) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(s.err, keysUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cfg, err := config.Load(s.getenv)
	if err != nil {
		fmt.Fprintln(s.err, "appencorrect keys:", err)
		return 2
	}
	sub, rest := args[0], args[1:]
	fs := flag.NewFlagSet("keys "+sub, flag.ContinueOnError)
	fs.SetOutput(s.err)
	asJSON := fs.Bool("json", false, "print JSON (as the API answers)")
	var name, desc, scope *string
	var limit *int
	if sub == "create" {
		name = fs.String("name", "", "name of the key (required)")
		desc = fs.String("description", "", "description")
		limit = fs.Int("rate-limit-per-hour", auth.DefaultRateLimit, "requests per hour; 0: no limit (a service key in front of many users)")
		scope = fs.String("scope", auth.ScopeCheck, "check, or admin for the admin API")
	}
	if err := fs.Parse(rest); err != nil {
		return 2
	}
	needID := sub == "deactivate" || sub == "activate" || sub == "rotate"
	if needID && fs.NArg() != 1 || !needID && fs.NArg() != 0 {
		fmt.Fprintf(s.err, "appencorrect keys %s: unexpected arguments %q\n\n%s\n", sub, fs.Args(), keysUsage)
		return 2
	}
	switch sub {
	case "create", "list", "deactivate", "activate", "rotate":
	default:
		fmt.Fprintf(s.err, "appencorrect keys: unknown command %q\n\n%s\n", sub, keysUsage)
		return 2
	}
	st, err := openStore(ctx, cfg, false)
	if err != nil {
		fmt.Fprintln(s.err, "appencorrect keys:", err)
		return 1
	}
	defer st.Close()
	switch sub {
	case "create":
		// --rate-limit-per-hour 0 is a service key with no hourly limit
		// (the flag's default is DefaultRateLimit, so 0 is always meant).
		secret, k, err := auth.CreateKey(ctx, st, auth.NewKey{Name: *name, Description: *desc, RateLimitPerHour: *limit, Unlimited: *limit == 0,
			Scope: *scope, CreatedBy: "cli"})
		var ve *auth.ValidationError
		if errors.As(err, &ve) {
			fmt.Fprintln(s.err, "appencorrect keys create:", ve.Msg)
			return 2
		}
		if err != nil {
			fmt.Fprintln(s.err, "appencorrect keys create:", err)
			return 1
		}
		if *asJSON {
			return printJSON(s, server.CreatedKey{Success: true, Message: "API key created successfully. Store it now: it is shown only once.",
				APIKey: secret, KeyID: k.ID, Name: k.Name, Description: k.Description, RateLimitPerHour: k.RateLimitPerHour,
				Scope: k.Scope, CreatedAt: k.CreatedAt.Format(time.RFC3339)})
		}
		fmt.Fprintf(s.out, "key_id:  %s\nscope:   %s\nlimit:   %s\napi_key: %s\n", k.ID, k.Scope, hourlyLimit(k.RateLimitPerHour), secret)
		fmt.Fprintln(s.err, "Store the api_key now: it is shown only once and kept only as a hash.")
	case "list":
		keys, err := st.ListKeys(ctx)
		if err != nil {
			fmt.Fprintln(s.err, "appencorrect keys list:", err)
			return 1
		}
		infos := make([]server.KeyInfo, 0, len(keys))
		for _, k := range keys {
			infos = append(infos, server.NewKeyInfo(k))
		}
		if *asJSON {
			return printJSON(s, map[string]any{"success": true, "api_keys": infos, "total_count": len(infos)})
		}
		tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY_ID\tNAME\tSCOPE\tACTIVE\tLIMIT/H\tUSED\tLAST USED\tHINT")
		for _, k := range infos {
			last := "-"
			if k.LastUsedAt != nil {
				last = *k.LastUsedAt
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%s\t%d\t%s\t%s\n", k.KeyID, oneLine(k.Name), k.Scope, k.IsActive, hourlyLimitShort(k.RateLimitPerHour), k.UsageCount, last, k.KeyHint)
		}
		tw.Flush()
	case "deactivate", "activate":
		id := fs.Arg(0)
		err := st.SetKeyActive(ctx, id, sub == "activate")
		if errors.Is(err, store.ErrNotFound) {
			fmt.Fprintf(s.err, "appencorrect keys %s: no key has id %q\n", sub, id)
			return 1
		}
		if err != nil {
			fmt.Fprintf(s.err, "appencorrect keys %s: %v\n", sub, err)
			return 1
		}
		fmt.Fprintf(s.out, "%s %sd\n", id, sub)
	case "rotate":
		id := fs.Arg(0)
		secret, err := auth.RotateKey(ctx, st, id)
		if errors.Is(err, store.ErrNotFound) {
			fmt.Fprintf(s.err, "appencorrect keys rotate: no key has id %q\n", id)
			return 1
		}
		if err != nil {
			fmt.Fprintln(s.err, "appencorrect keys rotate:", err)
			return 1
		}
		if *asJSON {
			return printJSON(s, map[string]any{"success": true, "api_key": secret, "key_id": id})
		}
		fmt.Fprintf(s.out, "key_id:  %s\napi_key: %s\n", id, secret)
		fmt.Fprintln(s.err, "The old key no longer works. Store the new one now: it is shown only once.")
	}
	return 0
}

func printJSON(s stdio, v any) int {
	enc := json.NewEncoder(s.out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(s.err, "appencorrect:", err)
		return 1
	}
	return 0
}

func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

const usersUsage = `usage: appencorrect users COMMAND

  create USERNAME [--role admin]   create a local login; the password is read from stdin
  passwd USERNAME                  set a new password (read from stdin); ends the user's sessions
  disable USERNAME / enable USERNAME
  list

Passwords are read from standard input (first line), never from arguments,
which other users of the machine could see:
  echo "$PASSWORD" | appencorrect users create admin
With --generate, a random password is generated and printed once instead.`

// runUsers administers local logins for the management pages.
func runUsers(ctx context.Context, args []string, s stdio) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(s.err, usersUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cfg, err := config.Load(s.getenv)
	if err != nil {
		fmt.Fprintln(s.err, "appencorrect users:", err)
		return 2
	}
	sub := args[0]
	fs := flag.NewFlagSet("users "+sub, flag.ContinueOnError)
	fs.SetOutput(s.err)
	role := fs.String("role", auth.ScopeAdmin, "role of the account")
	generate := fs.Bool("generate", false, "generate a random password and print it once")
	if err := fs.Parse(reorder(args[1:])); err != nil {
		return 2
	}
	want := 1
	if sub == "list" {
		want = 0
	}
	if fs.NArg() != want {
		fmt.Fprintln(s.err, usersUsage)
		return 2
	}
	switch sub {
	case "create", "passwd", "disable", "enable", "list":
	default:
		fmt.Fprintf(s.err, "appencorrect users: unknown command %q\n\n%s\n", sub, usersUsage)
		return 2
	}
	st, err := openStore(ctx, cfg, false)
	if err != nil {
		fmt.Fprintln(s.err, "appencorrect users:", err)
		return 1
	}
	defer st.Close()
	// The secret only keys CSRF tokens, which the shell does not issue.
	acc := auth.NewAccounts(st, nil, auth.AccountOptions{})
	name := fs.Arg(0)
	switch sub {
	case "create", "passwd":
		pw, err := readPassword(s.in, *generate)
		if err != nil {
			fmt.Fprintf(s.err, "appencorrect users %s: %v\n", sub, err)
			return 2
		}
		if sub == "create" {
			_, err = acc.CreateUser(ctx, name, pw, *role)
		} else {
			err = acc.SetPassword(ctx, name, pw)
		}
		var pe *auth.PolicyError
		var ve *auth.ValidationError
		switch {
		case errors.As(err, &pe) || errors.As(err, &ve):
			fmt.Fprintf(s.err, "appencorrect users %s: %v\n", sub, err)
			return 2
		case errors.Is(err, store.ErrExists):
			fmt.Fprintf(s.err, "appencorrect users create: %q already exists (use passwd to change its password)\n", name)
			return 1
		case errors.Is(err, store.ErrNotFound):
			fmt.Fprintf(s.err, "appencorrect users passwd: no user %q\n", name)
			return 1
		case err != nil:
			fmt.Fprintf(s.err, "appencorrect users %s: %v\n", sub, err)
			return 1
		}
		if *generate {
			fmt.Fprintf(s.out, "password: %s\n", pw)
			fmt.Fprintln(s.err, "Store the password now: it is shown only once.")
		}
		fmt.Fprintf(s.err, "user %s: password set\n", strings.ToLower(name))
	case "disable", "enable":
		n, err := auth.NormalizeUsername(name)
		if err == nil {
			err = st.SetUserActive(ctx, n, sub == "enable")
		}
		if err != nil {
			fmt.Fprintf(s.err, "appencorrect users %s: %v\n", sub, err)
			return 1
		}
		fmt.Fprintf(s.out, "%s %sd\n", n, sub)
	case "list":
		users, err := st.ListUsers(ctx)
		if err != nil {
			fmt.Fprintln(s.err, "appencorrect users list:", err)
			return 1
		}
		tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tROLE\tACTIVE\tLOCKED UNTIL\tLAST LOGIN")
		for _, u := range users {
			locked, last := "-", "-"
			if u.LockedUntil.After(time.Now()) {
				locked = u.LockedUntil.Format(time.RFC3339)
			}
			if u.LastLoginAt != nil {
				last = u.LastLoginAt.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%v\t%s\t%s\n", u.Username, u.Role, u.Active, locked, last)
		}
		tw.Flush()
	}
	return 0
}

// reorder moves flags before positional arguments ("create NAME --role x").
func reorder(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			flags = append(flags, a)
			if a == "--role" || a == "-role" {
				if i+1 < len(args) {
					flags = append(flags, args[i+1])
					i++
				}
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

// readPassword reads the first line of in, or generates a password.
func readPassword(in io.Reader, generate bool) (string, error) {
	if generate {
		tok, err := auth.NewSecret()
		if err != nil {
			return "", err
		}
		return strings.TrimPrefix(tok, auth.KeyPrefix), nil
	}
	if in == nil {
		return "", errors.New("no password on standard input")
	}
	line, err := bufio.NewReader(io.LimitReader(in, auth.MaxPasswordLen+2)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("no password on standard input (pipe it in, or use --generate)")
	}
	return pw, auth.CheckPasswordPolicy(pw)
}

// hourlyLimit reads a key's hourly limit: 0 is a service key's "no limit".
func hourlyLimit(n int) string {
	if n == 0 {
		return "no limit (service key)"
	}
	return strconv.Itoa(n) + " requests per hour"
}

// hourlyLimitShort is hourlyLimit for a table column.
func hourlyLimitShort(n int) string {
	if n == 0 {
		return "none"
	}
	return strconv.Itoa(n)
}
