package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"

	"appencorrect/internal/builtin/rules"
)

// ruleRow is one rule as `appencorrect rules --json` prints it.
type ruleRow struct {
	ID          string `json:"id"`
	Category    string `json:"category"`
	Type        string `json:"type"`
	Stage       string `json:"stage"`
	Source      string `json:"source"`
	Entries     int    `json:"entries,omitempty"`
	Description string `json:"description"`
}

// runRules lists the built-in engine's English rules in the order they
// run: the catalogue /v2/configinfo serves, generated from the rules
// themselves so that no count has to be kept by hand.
func runRules(_ context.Context, args []string, s stdio) int {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(s.err)
	asJSON := fs.Bool("json", false, "print the rules as JSON")
	fs.Usage = func() {
		fmt.Fprintln(s.err, `usage: appencorrect rules [--json]

Lists the built-in engine's grammar, casing and punctuation rules in the order
they run (spelling is checked between the two stages): id, category, type,
where the rule is defined (Go, or a data file of substitutions and its number
of entries) and what it checks.

flags:`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(s.err, "appencorrect rules: no arguments expected")
		return 2
	}
	var rows []ruleRow
	goRules, dataRules, entries := 0, 0, 0
	for _, r := range rules.English() {
		row := ruleRow{ID: r.ID, Category: string(r.Category), Type: string(r.Type), Stage: "after spelling",
			Source: "Go", Entries: r.Entries, Description: r.Description}
		if r.Stage == rules.BeforeSpelling {
			row.Stage = "before spelling"
		}
		if r.Source != "" {
			row.Source = r.Source
			dataRules++
			entries += r.Entries
		} else {
			goRules++
		}
		rows = append(rows, row)
	}
	if *asJSON {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rows); err != nil {
			fmt.Fprintln(s.err, "appencorrect rules:", err)
			return 1
		}
		return 0
	}
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCATEGORY\tTYPE\tSOURCE\tDESCRIPTION")
	for _, r := range rows {
		src := r.Source
		if r.Entries > 0 {
			src = fmt.Sprintf("%s (%d)", src, r.Entries)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Category, r.Type, src, r.Description)
	}
	tw.Flush()
	fmt.Fprintf(s.out, "\n%d rules: %d in Go, %d from data files with %d substitutions; plus the spelling check\n",
		len(rows), goRules, dataRules, entries)
	return 0
}
