package praxis

import (
	"testing"
	"time"
)

func TestParseRateLimits(t *testing.T) {
	tests := []struct {
		in      string
		want    RateLimits
		wantErr bool
	}{
		{"", DefaultRateLimits, false},
		{"post=5/1m", RateLimits{Signup: DefaultRateLimits.Signup, Post: RateLimit{5, time.Minute}, Search: DefaultRateLimits.Search}, false},
		{" signup = 3/2h , search=off", RateLimits{Signup: RateLimit{3, 2 * time.Hour}, Post: DefaultRateLimits.Post}, false},
		{"post=0", RateLimits{Signup: DefaultRateLimits.Signup, Search: DefaultRateLimits.Search}, false},
		{"post=lots", DefaultRateLimits, true},
		{"post=5", DefaultRateLimits, true},
		{"post=5/0s", DefaultRateLimits, true},
		{"post=-1/1m", DefaultRateLimits, true},
		{"uploads=5/1m", DefaultRateLimits, true},
		{"post", DefaultRateLimits, true},
	}
	for _, tt := range tests {
		got, err := ParseRateLimits(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseRateLimits(%q) error = %v; want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && got != tt.want {
			t.Errorf("ParseRateLimits(%q) = %+v; want %+v", tt.in, got, tt.want)
		}
	}
	if !(RateLimit{}).Off() || (RateLimit{1, time.Second}).Off() {
		t.Errorf("Off: a zero limit must be off and 1/1s on")
	}
}
