package sim

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// LoadReplay reads a replay file: one `source<TAB>target` pair per line
// (UTF-8; a trailing carriage return is dropped). Blank lines are skipped;
// a line without a tab is an error.
func LoadReplay(r io.Reader) (map[string]string, error) {
	m := map[string]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		src, dst, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("replay line %d: no tab between source and target", n)
		}
		m[src] = dst
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the replay file: %w", err)
	}
	return m, nil
}
