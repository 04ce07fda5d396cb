package search

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello, World!", "hello world"},
		{"Café crème brûlée", "cafe creme brulee"},
		{"Straße STRASSE", "strasse strasse"},
		{"東京タワー is tall", "東 京 タ ワ ー is tall"},
		{"e-mail C++11 v2.0", "e mail c 11 v2 0"},
		{"naïve ﬁne", "naive fine"},
		{"  \t\n ", ""},
		{"a\x00b", "a b"},
		{strings.Repeat("x", 100), strings.Repeat("x", MaxTokenLen)},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSignificantAndDraftTerms(t *testing.T) {
	for tok, want := range map[string]bool{"yeast": true, "the": false, "a": false, "7": false, "東": true, "ipa": true} {
		if got := Significant(tok); got != want {
			t.Errorf("Significant(%q) = %v; want %v", tok, got, want)
		}
	}
	got := DraftTerms("How do I stop my wort from boiling over?", "The wort foams. Foams every time, the pot is too small: wort everywhere.", 5)
	want := []string{"stop", "wort", "boiling", "foams", "time"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("DraftTerms = %v; want %v", got, want)
	}
	if got := DraftTerms("", "", 16); len(got) != 0 {
		t.Errorf("DraftTerms of nothing = %v; want none", got)
	}
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{"hops": "hop", "brewing": "brew", "stopped": "stop", "beer": "beer", "flies": "fli"} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q; want %q", in, got, want)
		}
	}
}
