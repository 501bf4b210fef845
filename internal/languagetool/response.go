package languagetool

// The JSON shapes below follow LanguageTool's server (its
// RuleMatchesAsJsonSerializer and ApiV2 classes). Every field LanguageTool
// always writes is always written here, with the same JSON type.

// CheckResponse is the body of a successful /v2/check.
type CheckResponse struct {
	Software Software `json:"software"`
	Warnings Warnings `json:"warnings"`
	Language Language `json:"language"`
	Matches  []Match  `json:"matches"`
	// SentenceRanges are [from, to) of each sentence, in UTF-16 code units
	// of the whole document.
	SentenceRanges         [][2]int                `json:"sentenceRanges"`
	ExtendedSentenceRanges []ExtendedSentenceRange `json:"extendedSentenceRanges"`
}

// Software names the server.
type Software struct {
	Name       string `json:"name"`
	Version    string `json:"version"`
	BuildDate  string `json:"buildDate"`
	APIVersion int    `json:"apiVersion"`
	Premium    bool   `json:"premium"`
	Status     string `json:"status"`
}

// Warnings tells a client that the result may be incomplete: here, that a
// fallback engine answered because the configured one failed (degraded).
type Warnings struct {
	IncompleteResults       bool   `json:"incompleteResults"`
	IncompleteResultsReason string `json:"incompleteResultsReason,omitempty"`
}

// Language is the language the text was checked in, and the detected one.
type Language struct {
	Name             string           `json:"name"`
	Code             string           `json:"code"`
	DetectedLanguage DetectedLanguage `json:"detectedLanguage"`
}

// DetectedLanguage is the language detection's verdict. When the client
// named the language it repeats it (Source "request"); when the language was
// detected, Source is "detector". This service's detector gives no
// confidence: Confidence is 1 in both cases.
type DetectedLanguage struct {
	Name       string  `json:"name"`
	Code       string  `json:"code"`
	Confidence float64 `json:"confidence"`
	Source     string  `json:"source"`
}

// Match is one problem found.
type Match struct {
	Message      string        `json:"message"`
	ShortMessage string        `json:"shortMessage"`
	Replacements []Replacement `json:"replacements"`
	// Offset and Length are in UTF-16 code units of the whole document
	// (markup included, for `data` requests).
	Offset  int     `json:"offset"`
	Length  int     `json:"length"`
	Context Context `json:"context"`
	// Sentence is the plain text of the sentence holding the problem.
	Sentence                    string    `json:"sentence"`
	Type                        MatchType `json:"type"`
	Rule                        Rule      `json:"rule"`
	IgnoreForIncompleteSentence bool      `json:"ignoreForIncompleteSentence"`
	ContextForSureMatch         int       `json:"contextForSureMatch"`
}

// Replacement is one proposed replacement.
type Replacement struct {
	Value string `json:"value"`
}

// Context is a window of the document around a problem: Offset and Length
// locate the problem in Text, in UTF-16 code units.
type Context struct {
	Text   string `json:"text"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
}

// MatchType is LanguageTool's match type: UnknownWord, Hint or Other.
type MatchType struct {
	TypeName string `json:"typeName"`
}

// Rule is the rule that found a problem.
type Rule struct {
	ID          string   `json:"id"`
	Description string   `json:"description"`
	IssueType   string   `json:"issueType"`
	Category    Category `json:"category"`
}

// Category groups rules.
type Category struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ExtendedSentenceRange is a sentence with the languages detected in it.
type ExtendedSentenceRange struct {
	From              int                `json:"from"`
	To                int                `json:"to"`
	DetectedLanguages []SentenceLanguage `json:"detectedLanguages"`
}

// SentenceLanguage is one language of an ExtendedSentenceRange.
type SentenceLanguage struct {
	Language string  `json:"language"`
	Rate     float64 `json:"rate"`
}

// LanguageInfo is one entry of /v2/languages.
type LanguageInfo struct {
	Name     string `json:"name"`
	Code     string `json:"code"`
	LongCode string `json:"longCode"`
}

// InfoResponse is the body of /v2/info.
type InfoResponse struct {
	Software InfoSoftware `json:"software"`
}

// InfoSoftware names the server in /v2/info.
type InfoSoftware struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	BuildDate string `json:"buildDate"`
	Commit    string `json:"commit"`
	Premium   bool   `json:"premium"`
}

// ConfigInfoResponse is the body of /v2/configinfo, which the LibreOffice
// extension reads before it checks anything. Rule entries hold strings only,
// as LanguageTool writes them.
type ConfigInfoResponse struct {
	Software  ConfigSoftware      `json:"software"`
	Parameter ConfigParameter     `json:"parameter"`
	Rules     []map[string]string `json:"rules"`
}

// ConfigSoftware names the server in /v2/configinfo.
type ConfigSoftware struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	BuildDate string `json:"buildDate"`
	Premium   bool   `json:"premium"`
}

// ConfigParameter holds the server's limits.
type ConfigParameter struct {
	MaxTextLength int `json:"maxTextLength"`
}
