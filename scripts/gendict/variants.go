package main

import (
	"log"
	"os"
	"slices"
	"sort"
	"strings"

	"appencorrect/internal/builtin/spell/dictfmt"
)

// usToGB are the spelling correspondences between American and British
// English, as rewrites of a substring of the American form. A word accepted
// only in one variant is paired with the word of the other variant reached by
// the fewest rewrites (at most three, e.g. "maneuvered" → "manoeuvred").
var usToGB = [][2]string{
	{"or", "our"},     // color → colour
	{"ize", "ise"},    // organize → organise
	{"iza", "isa"},    // organization → organisation
	{"izi", "isi"},    // organizing → organising
	{"yze", "yse"},    // analyze → analyse
	{"yzi", "ysi"},    // analyzing → analysing
	{"er$", "re$"},    // center → centre
	{"ers$", "res$"},  // centers → centres
	{"ered$", "red$"}, // centered → centred
	{"ering$", "ring$"},
	{"ergo", "rego"}, // theatergoer → theatregoer
	{"erly", "rely"}, // meagerly → meagrely
	{"erness", "reness"},
	{"og", "ogue"},        // catalog → catalogue
	{"ense", "ence"},      // defense → defence
	{"l", "ll"},           // traveled → travelled
	{"ll", "l"},           // fulfill → fulfil
	{"dgment", "dgement"}, // judgment → judgement
	{"hem", "haem"},       // hemoglobin → haemoglobin
	{"emia", "aemia"},     // anemia → anaemia
	{"emic", "aemic"},
	{"pale", "palae"}, // paleolithic → palaeolithic
	{"ped", "paed"},   // pediatric → paediatric
	{"anesth", "anaesth"},
	{"archeo", "archaeo"},
	{"gyneco", "gynaeco"},
	{"eon", "aeon"},
	{"medieval", "mediaeval"},
	{"fec", "faec"},     // fecal → faecal
	{"estr", "oestr"},   // estrogen → oestrogen
	{"fet", "foet"},     // fetus → foetus
	{"rrhea", "rrhoea"}, // diarrhea → diarrhoea
	{"neuv", "noeuv"},   // maneuver → manoeuvre
	{"esoph", "oesoph"}, // esophagus → oesophagus
	{"ameb", "amoeb"},   // ameba → amoeba
	{"homeo", "homoeo"},
	{"gray", "grey"},
	{"ire", "yre"},   // tire → tyre
	{"iph", "yph"},   // siphon → syphon
	{"lier", "lyer"}, // flier → flyer
	{"plow", "plough"},
	{"am", "amme"},  // program → programme
	{"eck", "eque"}, // check → cheque
	{"num", "nium"}, // aluminum → aluminium
	{"ft", "ught"},  // draft → draught
	{"paja", "pyja"},
	{"ol", "oul"}, // mold → mould, smolder → smoulder
	{"ruble", "rouble"},
	{"mustach", "moustach"},
	{"sk", "sc"},   // skeptic → sceptic
	{"usk", "usc"}, // mollusk → mollusc
	{"disk", "disc"},
	{"f", "ph"},    // sulfur → sulphur
	{"coz", "cos"}, // cozy → cosy
	{"x", "xe"},    // ax → axe
	{"ey", "y"},    // whiskey → whisky
	{"tifact", "tefact"},
	{"inqui", "enqui"},
	{"et", "ette"},     // omelet → omelette
	{"ction", "xion"},  // inflection → inflexion
	{"rned", "rnt"},    // learned → learnt
	{"lled", "lt"},     // spelled → spelt, spilled → spilt
	{"eamed", "eamt"},  // dreamed → dreamt
	{"oiled", "oilt"},  // spoiled → spoilt
	{"elry", "ellery"}, // jewelry → jewellery
	{"lty", "lity"},    // specialty → speciality
	{"ticed", "tised"}, // practiced → practised
	{"ticing", "tising"},
	{"licorice", "liquorice"},
	{"math", "maths"},
	{"mom", "mum"},
	{"airplane", "aeroplane"},
	{"airfoil", "aerofoil"},
	{"tidbit", "titbit"},
	{"ward", "wards"}, // afterward → afterwards
	{"eing", "ing"},   // queueing → queuing
	{"yza", "ysa"},    // analyzable → analysable
	{"oged", "ogued"}, // cataloged → catalogued
	{"oger", "oguer"},
	{"oging", "oguing"},
	{"ecker", "equer"}, // checkerboard → chequerboard
	{"dek", "dec"},     // dekaliter → decalitre
	{"tice$", "tise$"}, // practice (verb) → practise
	{"tices$", "tises$"},
	{"lties", "lities"}, // specialties → specialities
	{"verab", "vrab"},   // maneuverable → manoeuvrable
}

// looseUSToGB are rewrites too general to trust alone: a pair made with
// one of them is kept only when each word is accepted in its own variant
// only (esthetic/aesthetic, edema/oedema, but not very/veery).
var looseUSToGB = [][2]string{
	{"e", "ae"},
	{"e", "oe"},
	{"i", "y"},
	{"a", "y"},
	{"o", "ou"},
	{"z", "s"},
	{"k", "c"},
	{"i", "e"},
	{"$", "e$"}, // ax → axe; $ marks the end of the word
	{"e$", "$"},
	{"ab", "eab"}, // livable → liveable
	{"y$", "ey$"},
	{"p", "pp"}, // worshiped → worshipped
	{"t", "tt"}, // carburetor → carburettor
	{"m", "mm"}, // programing → programming
	{"s", "ss"}, // focused → focussed
}

// variantPairs pairs each word accepted in only one of US and GB English with
// its form in the other variant. A one-variant word without a counterpart is a
// difference of vocabulary rather than of spelling (amongst, gaol, Asheville):
// flagging it would be a false alarm, so its flags are widened to every variant.
// So is a word whose counterpart a variant list of SCOWL accepts in the
// word's own variant too: the two spellings are in free variation, not
// regional (gray and grey, traveled and travelled, judgment and judgement),
// and neither is flagged anywhere. A counterpart that is a word of every
// variety (common[j]: check for cheque, analyses for analyzes) is another
// word, not a variant: the pair stays.
func variantPairs(list []string, flags, freqs, levels []byte, common []bool, index map[string]int) [][2]uint32 {
	var usRules, gbRules []rule
	for _, r := range usToGB {
		usRules = append(usRules, rule{r[0], r[1], false})
		gbRules = append(gbRules, rule{r[1], r[0], false})
	}
	for _, r := range looseUSToGB {
		usRules = append(usRules, rule{r[0], r[1], true})
		gbRules = append(gbRules, rule{r[1], r[0], true})
	}
	seen := map[[2]uint32]bool{}
	var pairs [][2]uint32
	var unpaired, free []string
	for i, w := range list {
		us, gb := flags[i]&dictfmt.FlagUS != 0, flags[i]&dictfmt.FlagGB != 0
		if us == gb {
			continue
		}
		rules, want, own := usRules, byte(dictfmt.FlagGB), byte(dictfmt.FlagUS)
		if gb {
			rules, want, own = gbRules, dictfmt.FlagUS, dictfmt.FlagGB
		}
		good := func(c rewritten) bool {
			j, ok := index[c.s]
			return ok && flags[j]&want != 0 && (!c.loose || flags[j]&own == 0)
		}
		best, bestScore := -1, -1
		for _, cand := range rewrites(w, rules, 3, good) {
			if !good(cand) {
				continue
			}
			j := index[cand.s]
			// Fewest rewrites first, then the more frequent, then the more common level.
			score := (3-cand.depth)*100000 + int(freqs[j])*100 + (100 - int(levels[j]))
			if score > bestScore {
				best, bestScore = j, score
			}
		}
		if best < 0 {
			unpaired = append(unpaired, w)
			continue
		}
		if flags[best]&own != 0 && !common[best] {
			free = append(free, w, list[best])
			continue
		}
		p := [2]uint32{uint32(i), uint32(best)}
		if gb {
			p = [2]uint32{uint32(best), uint32(i)}
		}
		if !seen[p] {
			seen[p] = true
			pairs = append(pairs, p)
		}
	}
	sort.Slice(pairs, func(a, b int) bool {
		if pairs[a][0] != pairs[b][0] {
			return pairs[a][0] < pairs[b][0]
		}
		return pairs[a][1] < pairs[b][1]
	})
	for _, w := range unpaired {
		flags[index[w]] = dictfmt.FlagAll
	}
	widened := map[uint32]bool{}
	for _, w := range free {
		flags[index[w]] = dictfmt.FlagAll
		widened[uint32(index[w])] = true
	}
	// A pair found before one of its words was found in free variation is
	// no longer regional.
	pairs = slices.DeleteFunc(pairs, func(p [2]uint32) bool { return widened[p[0]] || widened[p[1]] })
	log.Printf("variant pairs: %d; %d one-variant words without a counterpart and %d in free variation, accepted in both", len(pairs), len(unpaired), len(free)/2)
	if os.Getenv("GENDICT_DEBUG") != "" {
		log.Printf("unpaired: %s", strings.Join(unpaired, " "))
		log.Printf("free variation: %s", strings.Join(free, " "))
		for _, p := range pairs {
			log.Printf("pair %s %s", list[p[0]], list[p[1]])
		}
	}
	return pairs
}

type rule struct {
	from, to string
	loose    bool
}

type rewritten struct {
	s     string
	depth int
	loose bool // a loose rule was used
}

// rewrites returns the strings reached from w by 1..maxDepth rule
// applications at any positions (each string once, at its smallest depth),
// stopping after the first depth at which some string satisfies ok.
func rewrites(w string, rules []rule, maxDepth int, ok func(rewritten) bool) []rewritten {
	seen := map[string]bool{w + "$": true}
	frontier := []rewritten{{s: w + "$"}}
	var out []rewritten
	for depth := 1; depth <= maxDepth; depth++ {
		var next []rewritten
		for _, f := range frontier {
			s := f.s
			for _, r := range rules {
				for k := 0; k <= len(s)-len(r.from); k++ {
					if !strings.HasPrefix(s[k:], r.from) {
						continue
					}
					if f.loose && r.loose {
						continue // at most one loose rewrite in a chain
					}
					t := s[:k] + r.to + s[k+len(r.from):]
					if !seen[t] {
						seen[t] = true
						next = append(next, rewritten{t, depth, f.loose || r.loose})
					}
				}
			}
		}
		frontier = next
		found := false
		for _, r := range next {
			r.s = strings.TrimSuffix(r.s, "$")
			out = append(out, r)
			found = found || ok(r)
		}
		if found {
			return out
		}
	}
	return out
}
