// Package web holds AppenCorrect's web pages (the live demo, the API
// documentation and the key management page), their assets and the OpenAPI
// description of the HTTP API, embedded in the binary so that the service
// works offline and needs no CDN.
//
// Pages are HTML files under pages/ that load their scripts and styles from
// "{{assets}}/...": the server replaces that placeholder with a versioned
// path (see internal/server/pages.go) so that assets can be cached for a
// long time. Scripts are ES modules; no script is inline, so the pages run
// under a strict Content-Security-Policy.
package web

import (
	"embed"
	"fmt"
	"io/fs"
)

//go:embed pages/*.html assets/* openapi.json
var files embed.FS

// AssetsPlaceholder is the text in pages that stands for the versioned
// assets path (for example /assets/3f9a0c1b2d4e).
const AssetsPlaceholder = "{{assets}}"

// Pages returns the HTML pages, named by file (index.html, ...).
func Pages() fs.FS { return sub("pages") }

// Assets returns the static assets (scripts, styles, icons).
func Assets() fs.FS { return sub("assets") }

// OpenAPI returns the OpenAPI 3 document describing every endpoint.
func OpenAPI() []byte {
	b, err := files.ReadFile("openapi.json")
	if err != nil {
		panic(fmt.Sprintf("web: embedded openapi.json is missing: %v", err))
	}
	return b
}

func sub(dir string) fs.FS {
	f, err := fs.Sub(files, dir)
	if err != nil {
		panic(fmt.Sprintf("web: embedded directory %s: %v", dir, err))
	}
	return f
}
