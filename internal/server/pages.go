package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"

	"appencorrect/web"
)

// PageCSP is the Content-Security-Policy of the pages: scripts, styles and
// images only from this origin, no inline script or style attribute, API
// calls only to this origin, and no framing.
const PageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// AssetsPrefix is the path under which assets are served, followed by the
// assets' version and the file name.
const AssetsPrefix = "/assets/"

// assetMaxAge is how long browsers keep a versioned asset: a year, since a
// changed asset changes its URL.
const assetMaxAge = "public, max-age=31536000, immutable"

// staticFile is one embedded file ready to serve.
type staticFile struct {
	body  []byte
	gzip  []byte // nil when compression does not pay
	ctype string
	etag  string
}

// pageSet holds the pages and assets, read once from package web.
type pageSet struct {
	version string
	pages   map[string]*staticFile // by route path
	assets  map[string]*staticFile // by file name
	openapi *staticFile
}

// pageFiles maps the routes of the HTML pages to their embedded files.
func pageFiles() map[string]string {
	return map[string]string{
		"/":               "index.html",
		"/api-docs":       "api-docs.html",
		"/api-management": "api-management.html",
	}
}

// newPageSet reads the embedded pages and assets. The assets' version is a
// hash of all of them, so that their URLs change whenever one does (ES
// module imports are relative, hence one version for all).
func newPageSet() (*pageSet, error) {
	ps := &pageSet{pages: map[string]*staticFile{}, assets: map[string]*staticFile{}}
	assets := web.Assets()
	names, err := fs.Glob(assets, "*")
	if err != nil {
		return nil, fmt.Errorf("listing assets: %w", err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		b, err := fs.ReadFile(assets, name)
		if err != nil {
			return nil, fmt.Errorf("reading asset %s: %w", name, err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
		h.Write(b)
		ps.assets[name] = newStaticFile(b, contentType(name))
	}
	ps.version = hex.EncodeToString(h.Sum(nil))[:12]
	base := AssetsPrefix + ps.version
	for route, file := range pageFiles() {
		b, err := fs.ReadFile(web.Pages(), file)
		if err != nil {
			return nil, fmt.Errorf("reading page %s: %w", file, err)
		}
		b = bytes.ReplaceAll(b, []byte(web.AssetsPlaceholder), []byte(base))
		ps.pages[route] = newStaticFile(b, "text/html; charset=utf-8")
	}
	ps.openapi = newStaticFile(web.OpenAPI(), "application/json; charset=utf-8")
	return ps, nil
}

func newStaticFile(b []byte, ctype string) *staticFile {
	sum := sha256.Sum256(b)
	f := &staticFile{body: b, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	if len(b) >= 1024 && !strings.HasPrefix(ctype, "image/png") {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(b)
		_ = zw.Close()
		if buf.Len() < len(b)*9/10 {
			f.gzip = buf.Bytes()
		}
	}
	return f
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".json":
		return "application/json; charset=utf-8"
	case ".html":
		return "text/html; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}

// registerPages adds the pages, /openapi.json and the assets to the mux.
// It fails only if the embedded files are broken, which tests catch.
func (s *Server) registerPages() {
	ps, err := newPageSet()
	if err != nil {
		s.log.Error("web pages unavailable", "error", err)
		return
	}
	for route := range pageFiles() {
		f := ps.pages[route]
		pattern := "GET " + route
		if route == "/" {
			pattern = "GET /{$}"
		}
		s.handle(pattern, func(w http.ResponseWriter, r *http.Request) {
			pageHeaders(w.Header())
			w.Header().Set("Cache-Control", "no-cache")
			serveStatic(w, r, f)
		})
	}
	s.handle("GET /openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		serveStatic(w, r, ps.openapi)
	})
	s.handle("GET "+AssetsPrefix+"{version}/{name}", func(w http.ResponseWriter, r *http.Request) {
		f := ps.assets[r.PathValue("name")]
		if f == nil {
			writeError(w, http.StatusNotFound, "Endpoint not found", "no asset "+echoed(r.URL.Path, maxEchoedPath))
			return
		}
		if r.PathValue("version") == ps.version {
			w.Header().Set("Cache-Control", assetMaxAge)
		} else {
			// An old page asking for an old version gets today's file,
			// which must not be kept under the old name.
			w.Header().Set("Cache-Control", "no-cache")
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		serveStatic(w, r, f)
	})
}

// pageHeaders sets the security headers of an HTML page.
func pageHeaders(h http.Header) {
	h.Set("Content-Security-Policy", PageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
}

// serveStatic writes f with its ETag, answering 304 to a matching
// If-None-Match and compressing for clients that accept gzip.
func serveStatic(w http.ResponseWriter, r *http.Request, f *staticFile) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("ETag", f.etag)
	h.Add("Vary", "Accept-Encoding")
	if etagMatch(r.Header.Get("If-None-Match"), f.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := f.body
	if f.gzip != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		body = f.gzip
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "W/"))
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip
// (listed without q=0).
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(enc), "gzip") {
			continue
		}
		_, q, found := strings.Cut(strings.ReplaceAll(params, " ", ""), "q=")
		if !found {
			return true
		}
		v, err := strconv.ParseFloat(q, 64)
		return err == nil && v > 0
	}
	return false
}
