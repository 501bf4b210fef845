// Package languagetool translates LanguageTool's HTTP API (/v2/check and
// friends) to and from AppenCorrect's check pipeline, so that editor plugins
// written for a LanguageTool server (LTeX, the LibreOffice extension,
// Obsidian's plugins, Emacs packages, ...) work unchanged.
//
// The package is a translation layer, in the manner of Ollama's openai
// package over its native API: it parses LanguageTool's form parameters
// (including the `data` parameter of annotated text with markup), and turns
// a pipeline result, whose offsets are bytes of the plain text, into
// LanguageTool's JSON, whose offsets are UTF-16 code units of the whole
// document, markup included. It holds no state and does no I/O besides
// reading a request body.
//
// The response shape follows LanguageTool's own JSON writer
// (RuleMatchesAsJsonSerializer in languagetool-org/languagetool); see the
// shape test and testdata/SOURCE.md.
package languagetool
