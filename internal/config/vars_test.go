package config

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// envReaders are the functions through which the code reads environment
// variables by name: os.Getenv and os.LookupEnv, the getenv functions
// passed around, and config's and the launcher's typed readers.
var envReaders = map[string]bool{
	"Getenv": true, "LookupEnv": true, "getenv": true, "get": true,
	"str": true, "int": true, "float": true, "bool": true, "duration": true, "prefixes": true, "raw": true,
}

var envName = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`)

// TestEveryVariableIsListed reads the source of the binary (cmd/ and
// internal/, tests excluded) and fails for any environment variable read
// by name that config.Vars, the table `appencorrect help env` prints, does
// not list.
func TestEveryVariableIsListed(t *testing.T) {
	listed := map[string]bool{}
	for _, v := range Vars {
		if listed[v.Name] {
			t.Errorf("%s is listed twice", v.Name)
		}
		listed[v.Name] = true
	}
	found := map[string]string{}
	for _, dir := range []string{"../../cmd", "../../internal"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
				strings.Contains(path, "testsvc") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				var name string
				switch fn := call.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				if !envReaders[name] {
					return true
				}
				for _, a := range call.Args {
					lit, ok := a.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					v, err := strconv.Unquote(lit.Value)
					if err == nil && len(v) >= 3 && envName.MatchString(v) {
						found[v] = path
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(found) < 20 {
		t.Fatalf("found only %d variables read: the scan is broken", len(found))
	}
	for v, path := range found {
		if !listed[v] {
			t.Errorf("%s is read in %s but not listed in config.Vars", v, path)
		}
	}
}
