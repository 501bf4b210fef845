package eval

import (
	"appencorrect/internal/correction"
	"context"
	"slices"
	"sort"
)

// RuleScore is how often one rule's corrections agree with the gold edits.
type RuleScore struct {
	Rule  string `json:"rule"`
	Right int    `json:"right"`
	Wrong int    `json:"wrong"`
	// Cases are the rule's corrections one by one, for the rule PerRule
	// was asked to show.
	Cases []RuleCase `json:"cases,omitempty"`
}

// RuleCase is one correction of a rule and its verdict.
type RuleCase struct {
	Right      bool   `json:"right"`
	Text       string `json:"text"` // the detokenized source sentence
	Original   string `json:"original"`
	Suggestion string `json:"suggestion"`
}

// PerRule runs c over the gold sentences and scores each correction alone:
// applied by itself to the source, its system edits are right when every
// one of them is a gold edit of some annotator, wrong otherwise (a change
// no annotator made, or made otherwise). A rule worth keeping is right more
// often than wrong. Rules are sorted by their net (right − wrong), worst
// first. The corrections of rule show (none when empty) are kept one by one
// in its Cases, to see what a rule gets wrong.
func PerRule(ctx context.Context, c Checker, gold []M2Sentence, opt RunOptions, show string) ([]RuleScore, error) {
	scores := map[string]*RuleScore{}
	style := opt.Style
	for _, s := range gold {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		text, spans := Detokenize(s.Source, style)
		cs, err := c.Check(ctx, text, opt.Tag)
		if err != nil {
			continue // counted by the run, not by a rule
		}
		for _, corr := range cs {
			hyp, err := Retokenize(s.Source, text, spans, []correction.Correction{corr}, style)
			if err != nil || slices.Equal(hyp, s.Source) {
				continue
			}
			right := false
			for _, a := range s.Annotators {
				sys := ExtractEdits(s.Source, hyp, a.Edits)
				if len(sys) > 0 && matchEdits(sys, a.Edits) == len(sys) {
					right = true
					break
				}
			}
			id := corr.RuleID
			if id == "" {
				id = "(none)"
			}
			sc := scores[id]
			if sc == nil {
				sc = &RuleScore{Rule: id}
				scores[id] = sc
			}
			if right {
				sc.Right++
			} else {
				sc.Wrong++
			}
			if id == show {
				sugg := ""
				if len(corr.Suggestions) > 0 {
					sugg = corr.Suggestions[0]
				}
				sc.Cases = append(sc.Cases, RuleCase{Right: right, Text: text, Original: corr.Original, Suggestion: sugg})
			}
		}
	}
	out := make([]RuleScore, 0, len(scores))
	for _, sc := range scores {
		out = append(out, *sc)
	}
	sort.Slice(out, func(i, j int) bool {
		ni, nj := out[i].Right-out[i].Wrong, out[j].Right-out[j].Wrong
		if ni != nj {
			return ni < nj
		}
		return out[i].Rule < out[j].Rule
	})
	return out, nil
}
