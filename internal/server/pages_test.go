package server

import (
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"appencorrect/internal/config"
	"appencorrect/web"
)

func pageGet(t *testing.T, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	// A bare transport: no transparent gzip, so the test sees the encoding.
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

var assetLinkRE = regexp.MustCompile(`(?:src|href)="(/assets/[0-9a-f]+/[^"]+)"`)

func TestPagesHeadersAndAssets(t *testing.T) {
	ts := newTestServer(t, config.Default())
	for _, path := range []string{"/", "/api-docs", "/api-management"} {
		resp, body := pageGet(t, ts.URL+path, nil)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s: status %d, type %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		csp := resp.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows inline code: %q", path, csp)
		}
		if resp.Header.Get("X-Frame-Options") != "DENY" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: security headers %v", path, resp.Header)
		}
		if strings.Contains(body, web.AssetsPlaceholder) {
			t.Errorf("%s: the assets placeholder was not replaced", path)
		}
		links := assetLinkRE.FindAllStringSubmatch(body, -1)
		if len(links) < 3 {
			t.Errorf("%s: %d asset links", path, len(links))
		}
		for _, l := range links {
			ar, _ := pageGet(t, ts.URL+l[1], nil)
			if ar.StatusCode != 200 {
				t.Errorf("%s: asset %s: status %d", path, l[1], ar.StatusCode)
			}
			if cc := ar.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
				t.Errorf("%s: Cache-Control %q", l[1], cc)
			}
		}
		// Revalidation of the page.
		etag := resp.Header.Get("ETag")
		if r2, _ := pageGet(t, ts.URL+path, map[string]string{"If-None-Match": etag}); r2.StatusCode != http.StatusNotModified {
			t.Errorf("%s: If-None-Match %s gave %d, want 304", path, etag, r2.StatusCode)
		}
	}

	_, page := pageGet(t, ts.URL+"/", nil)
	js := assetLinkRE.FindStringSubmatch(strings.Replace(page, `href="`, `x="`, -1))
	if js == nil {
		t.Fatal("no script link in the demo page")
	}
	resp, body := pageGet(t, ts.URL+js[1], map[string]string{"Accept-Encoding": "gzip, br"})
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Fatalf("demo.js: encoding %q, type %q", resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Type"))
	}
	zr, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !strings.Contains(string(plain), "position_utf16") {
		t.Error("gzip body is not the script")
	}
	if r, _ := pageGet(t, ts.URL+js[1], map[string]string{"Accept-Encoding": "gzip;q=0"}); r.Header.Get("Content-Encoding") != "" {
		t.Error("gzip sent although refused with q=0")
	}
	// Another version: served, but not cached under that name.
	old := regexp.MustCompile(`/assets/[0-9a-f]+/`).ReplaceAllString(js[1], "/assets/000000000000/")
	if r, _ := pageGet(t, ts.URL+old, nil); r.StatusCode != 200 || r.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("old version: status %d, Cache-Control %q", r.StatusCode, r.Header.Get("Cache-Control"))
	}
	if r, b := pageGet(t, ts.URL+"/assets/x/missing.js", nil); r.StatusCode != 404 || !strings.Contains(b, "Endpoint not found") {
		t.Errorf("missing asset: %d %s", r.StatusCode, b)
	}
	if r, b := pageGet(t, ts.URL+"/openapi.json", nil); r.StatusCode != 200 || !strings.Contains(b, `"openapi": "3.1.0"`) {
		t.Errorf("/openapi.json: %d", r.StatusCode)
	}
	// Pages answer GET and HEAD only.
	req, _ := http.NewRequest("POST", ts.URL+"/api-docs", nil)
	if r, err := http.DefaultClient.Do(req); err != nil || r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /api-docs: %v %v", r, err)
	}
}

// TestAssetsSafe checks the page sources for what the CSP would block or
// what would insert text as HTML: inline scripts, event handler or style
// attributes, innerHTML and friends, and references to other origins.
func TestAssetsSafe(t *testing.T) {
	inlineScript := regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`)
	handlerAttr := regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	styleAttr := regexp.MustCompile(`(?i)\sstyle\s*=`)
	external := regexp.MustCompile(`(?i)(?:src|href)\s*=\s*"(?:https?:)?//`)
	htmlSinks := regexp.MustCompile(`\b(?:innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval)\b|new Function\(`)
	total := 0
	check := func(fsys fs.FS, dir string) {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			total += len(b)
			s := string(b)
			name := dir + "/" + p
			switch {
			case strings.HasSuffix(p, ".html"):
				if inlineScript.MatchString(s) {
					t.Errorf("%s has an inline script", name)
				}
				if handlerAttr.MatchString(s) {
					t.Errorf("%s has an inline event handler", name)
				}
				if styleAttr.MatchString(s) {
					t.Errorf("%s has a style attribute (blocked by the CSP)", name)
				}
				if external.MatchString(s) {
					t.Errorf("%s loads something from another origin", name)
				}
			case strings.HasSuffix(p, ".js"):
				if m := htmlSinks.FindString(s); m != "" {
					t.Errorf("%s uses %s: text must enter the page as text nodes", name, m)
				}
				if strings.Contains(s, "setAttribute('style'") || strings.Contains(s, `setAttribute("style"`) {
					t.Errorf("%s sets style attributes (blocked by the CSP)", name)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	check(web.Pages(), "pages")
	check(web.Assets(), "assets")
	// Small: everything the pages need, uncompressed.
	if total > 150<<10 {
		t.Errorf("pages and assets weigh %d KiB; keep them under 150 KiB", total>>10)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{
		"": false, "gzip": true, "br, gzip": true, "gzip;q=0": false, "gzip; q=0.5": true, "deflate": false, "GZIP": true,
	} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", h, got, want)
		}
	}
}
