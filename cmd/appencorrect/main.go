// Command appencorrect is the AppenCorrect spelling and grammar service and
// its tools, one binary with subcommands:
//
//	appencorrect serve       run the HTTP API (port 5006)
//	appencorrect check       check text from arguments, files or stdin
//	appencorrect eval        score the engine on spelling and grammar data sets
//	appencorrect rules       list the built-in engine's rules
//	appencorrect help env    list the environment variables
//	appencorrect version     print the version
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"

	"appencorrect/internal/config"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

// command is one subcommand: run returns the process exit code.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdio stdio) int
}

// stdio are the streams a command uses; tests pass buffers.
type stdio struct {
	in       io.Reader
	out, err io.Writer
	getenv   func(string) string
}

func commands() map[string]command {
	return map[string]command{
		"serve": {"run the HTTP API on the configured engine", runServe},
		"check": {"check text from arguments, files or stdin, like a linter", runCheck},
		"eval": {"score the engine on spelling and grammar data sets", func(ctx context.Context, args []string, s stdio) int {
			return runEval(ctx, args, s.out, s.err)
		}},
		"version": {"print the version", func(_ context.Context, _ []string, s stdio) int {
			fmt.Fprintln(s.out, "appencorrect", buildVersion())
			return 0
		}},
		"help":     {"this help; `help env` lists the environment variables", runHelp},
		"vllm":     {"build, check (doctor) and launch the vLLM server command", runVLLM},
		"plan":     {"capacity and cost of a vLLM deployment, arithmetic shown", runPlan},
		"loadtest": {"load a check endpoint, validate every answer, report latency and throughput", runLoadtest},
		"keys":     {"create, list, deactivate and rotate API keys (same database as serve)", runKeys},
		"users":    {"create local admin logins for the management pages", runUsers},
		"rules":    {"list the built-in engine's grammar, casing and punctuation rules", runRules},
		"sim":      {"a vLLM simulator (OpenAI API, /metrics, batching latency model, faults) for tests and load tests", runSim},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, s stdio) int {
	if len(args) == 0 {
		usage(s.err)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help":
		name = "help"
	case "--version", "-version", "-v":
		name = "version"
	}
	cmd, ok := commands()[name]
	if !ok {
		fmt.Fprintf(s.err, "appencorrect: unknown command %q\n\n", args[0])
		usage(s.err)
		return 2
	}
	return cmd.run(ctx, args[1:], s)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: appencorrect COMMAND [flags]   (appencorrect COMMAND -h for its flags)")
	fmt.Fprintln(w, "\ncommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, n := range names {
		fmt.Fprintf(tw, "  %s\t%s\n", n, cmds[n].summary)
	}
	tw.Flush()
}

func runHelp(_ context.Context, args []string, s stdio) int {
	if len(args) > 0 && args[0] == "env" {
		fmt.Fprintln(s.out, "Environment variables (unset: the default is used):")
		tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  NAME\tDEFAULT\tDESCRIPTION")
		for _, v := range config.Vars {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", v.Name, v.Default, v.Description)
		}
		tw.Flush()
		return 0
	}
	usage(s.out)
	return 0
}

func buildVersion() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	rev, dirty := "", false
	for _, st := range info.Settings {
		switch st.Key {
		case "vcs.revision":
			rev = st.Value
		case "vcs.modified":
			dirty = st.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	v := "dev-" + rev[:min(12, len(rev))]
	if dirty {
		v += "-dirty"
	}
	return strings.TrimSpace(v)
}
