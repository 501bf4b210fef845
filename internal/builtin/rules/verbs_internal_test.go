package rules

import "testing"

func TestPresentParticiple(t *testing.T) {
	tests := []struct{ base, want string }{
		{"go", "going"},
		{"make", "making"},
		{"see", "seeing"},
		{"lie", "lying"},
		{"stop", "stopping"},
		{"get", "getting"},
		{"run", "running"},
		{"put", "putting"},
		{"fix", "fixing"},
		{"say", "saying"},
		{"show", "showing"},
		{"eat", "eating"},
		{"play", "playing"},
		{"visit", "visiting"},
	}
	for _, tt := range tests {
		if got := presentParticiple(tt.base); got != tt.want {
			t.Errorf("presentParticiple(%q) = %q, want %q", tt.base, got, tt.want)
		}
	}
}
