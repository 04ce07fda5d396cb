package password

import "testing"

func TestHashVerify(t *testing.T) {
	p := Params{Memory: 1024, Time: 1, Threads: 1}
	h, err := Hash("correct horse battery", p)
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := Hash("correct horse battery", p)
	if h == h2 {
		t.Errorf("two hashes of one password are equal; want distinct salts")
	}
	tests := []struct {
		pw   string
		want bool
	}{
		{"correct horse battery", true},
		{"correct horse batter", false},
		{"", false},
	}
	for _, tt := range tests {
		got, err := Verify(tt.pw, h)
		if err != nil || got != tt.want {
			t.Errorf("Verify(%q) = %v, %v; want %v, nil", tt.pw, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA", "$argon2id$v=19$m=1024,t=1,p=1$!!$AA"} {
		if _, err := Verify("x", bad); err == nil {
			t.Errorf("Verify(x, %q) err = nil; want ErrMalformed", bad)
		}
	}
}
