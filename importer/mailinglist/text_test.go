package mailinglist

import (
	"mime"
	"slices"
	"testing"
	"time"
)

func TestCleanup(t *testing.T) {
	tests := []struct {
		name              string
		in                string
		body, quoted, sig string
		blocks            int
	}{
		{
			name:   "bottom post with attribution",
			in:     "On Mon, 1 Mar 2021, Ann wrote:\n> question\n>\n> more\n\nanswer",
			body:   "answer",
			quoted: "On Mon, 1 Mar 2021, Ann wrote:\n> question\n>\n> more",
			blocks: 2,
		},
		{
			name:   "inline replies keep their order",
			in:     "> first point\n\nreply one\n\n> second point\n\nreply two",
			body:   "reply one\n\nreply two",
			quoted: "> first point\n\n> second point",
			blocks: 4,
		},
		{
			name: "an R session is text",
			in:   "Try this:\n\n> x <- c(1, 2)\n> mean(x)\n[1] 1.5",
			body: "Try this:\n\n> x <- c(1, 2)\n> mean(x)\n[1] 1.5",
		},
		{
			name:   "quoted R code with an attribution is a quote",
			in:     "Bob wrote:\n> x <- c(1, 2)\n> mean(x)\n\nUse median().",
			body:   "Use median().",
			quoted: "Bob wrote:\n> x <- c(1, 2)\n> mean(x)",
		},
		{
			name:   "nested quotes are quotes",
			in:     "> > deep\n> shallow\n\nnew",
			body:   "new",
			quoted: "> > deep\n> shallow",
		},
		{
			name:   "pipe quoting",
			in:     "On 1 March 2021 at 10:00, Ann wrote:\n| the question\n|\n| more\n\nthe answer",
			body:   "the answer",
			quoted: "On 1 March 2021 at 10:00, Ann wrote:\n| the question\n|\n| more",
		},
		{
			name:   "Outlook original message",
			in:     "Top posted answer.\n\n-----Original Message-----\nFrom: Ann\nSent: Monday\nSubject: Q\n\nThe question.",
			body:   "Top posted answer.",
			quoted: "-----Original Message-----\nFrom: Ann\nSent: Monday\nSubject: Q\n\nThe question.",
		},
		{
			name:   "Outlook header block under a rule",
			in:     "Answer.\n\n  _____\n\nFrom: Ann [mailto:ann at x.org]\nSent: Monday\nTo: list\nSubject: Q\n\nThe question.",
			body:   "Answer.",
			quoted: "  _____\n\nFrom: Ann [mailto:ann at x.org]\nSent: Monday\nTo: list\nSubject: Q\n\nThe question.",
		},
		{
			name: "list footer and HTML note dropped, also inside quotes",
			in: "Ann wrote:\n> q\n> \t[[alternative HTML version deleted]]\n>\n> _______________________________________________\n" +
				"> R-SIG-Finance at stat.math.ethz.ch mailing list\n> https://stat.ethz.ch/mailman/listinfo/r-sig-finance\n\nanswer\n" +
				"\n_______________________________________________\nR-SIG-Finance at r-project.org mailing list\n" +
				"https://stat.ethz.ch/mailman/listinfo/r-sig-finance\n-- Subscriber-posting only.\n-- Also note that this is not the r-help list where general R questions\nshould go.",
			body:   "answer",
			quoted: "Ann wrote:\n> q\n>",
		},
		{
			name: "signature, with a quote after it (top posting)",
			in:   "Answer.\n\n-- \nAnn Smith\nwww.example.org\n\n> the question",
			body: "Answer.", quoted: "> the question", sig: "Ann Smith\nwww.example.org",
		},
		{
			name: "a long tail after -- is text",
			in:   "Text.\n--\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16",
			body: "Text.\n--\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16",
		},
		{
			name: "blank lines collapse",
			in:   "\n\none\n\n\n\ntwo\n\n",
			body: "one\n\ntwo",
		},
		{name: "empty", in: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cleanup(tt.in)
			if c.body != tt.body {
				t.Errorf("body = %q, want %q", c.body, tt.body)
			}
			if c.quoted != tt.quoted {
				t.Errorf("quoted = %q, want %q", c.quoted, tt.quoted)
			}
			if c.signature != tt.sig {
				t.Errorf("signature = %q, want %q", c.signature, tt.sig)
			}
			if tt.blocks > 0 && len(c.blocks) != tt.blocks {
				t.Errorf("%d blocks, want %d: %+v", len(c.blocks), tt.blocks, c.blocks)
			}
		})
	}
}

func TestNormalizeSubject(t *testing.T) {
	tests := []struct {
		in, want string
		reply    bool
	}{
		{"[R-SIG-Finance] Which one is better?", "Which one is better?", false},
		{"Re: [R-SIG-Finance] Which one is better?", "Which one is better?", true},
		{"RE: Re:  [R-SIG-Finance]   Which   one\tis better?", "Which one is better?", true},
		{"[R-SIG-Finance] Re:Re: VaR", "VaR", true},
		{"AW: [R-SIG-Finance] Frage", "Frage", true},
		{"Re[2]: topic", "topic", true},
		{"Fwd: [R-SIG-Finance] FW: topic", "topic", false},
		{"[SPAM] - Re: [R-SIG-Finance] [SPAM] - GBSVolatility - Email found in subject - Email found in subject", "GBSVolatility", true},
		{"[Fwd: [Mfa] Call for Papers]", "[Fwd: [Mfa] Call for Papers]", false},
		{"Regarding returns", "Regarding returns", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, reply := splitSubject(tt.in)
		if got != tt.want || reply != tt.reply {
			t.Errorf("splitSubject(%q) = %q, %v; want %q, %v", tt.in, got, reply, tt.want, tt.reply)
		}
	}
}

func TestIsQuestion(t *testing.T) {
	tests := []struct {
		subject, body string
		want          bool
	}{
		{"[R-SIG-Finance] Which one is better?", "", true},
		{"xts merge", "How do I merge two series", true},
		{"xts merge", "Is there a way to merge two series", true},
		{"Rolling regression", "I run rollapply on a zoo object.\nWhat am I missing here?", true},
		{"Rolling regression", "> Why not?\n\nI ran it and it works.", false},
		{"[ANN] rgarch 1.0 released", "Any help with testing is welcome.", false},
		{"Call for papers: R/Finance 2010", "Submit by Friday.", false},
		{"Quantmod 0.3-13", "The new version fixes getSymbols.", false},
		{"[R-SIG-Finance] A problem about download stock data from yahoo", "", true},
		{"Error in ugarchfit", "", true},
		{"Brazilian Equities", "", false},
	}
	for _, tt := range tests {
		m := &Message{Subject: tt.subject, Body: tt.body}
		if got := IsQuestion(m); got != tt.want {
			t.Errorf("IsQuestion(%q, %q) = %v, want %v", tt.subject, tt.body, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	tests := []struct {
		in   string
		want time.Time
	}{
		{"Fri, 1 Jan 2010 00:56:10 -0800 (PST)", utc(2010, 1, 1, 8, 56, 10)},
		{"Fri, 01 Jan 2010 11:50:28 +0100", utc(2010, 1, 1, 10, 50, 28)},
		{"29 Oct 2010 09:33:34 -0000", utc(2010, 10, 29, 9, 33, 34)},
		{"Sun, 7 Mar 2010 01:28:57", utc(2010, 3, 7, 1, 28, 57)},
		{"\tThu, 14 Oct 2010 10:00:00 +0800 (CST)", utc(2010, 10, 14, 2, 0, 0)},
		{"Fri Jan  1 09:56:10 2010", utc(2010, 1, 1, 9, 56, 10)},
		{"Thu, Jul 29, 2010 at 8:53 AM", utc(2010, 7, 29, 8, 53, 0)},
		{"Tuesday, 13 July, 2010, 10:47 AM", utc(2010, 7, 13, 10, 47, 0)},
		{"2010-04-08", utc(2010, 4, 8, 0, 0, 0)},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		if !ok || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "Fri, 45 Foo 2010"} {
		if got, ok := parseDate(bad); ok {
			t.Errorf("parseDate(%q) = %v, want no date", bad, got)
		}
	}
}

func TestParseAddress(t *testing.T) {
	words := &mime.WordDecoder{CharsetReader: charsetReader}
	tests := []struct {
		in   string
		want Address
	}{
		{"kabonline07 at yahoo.com (KAUSHIK BHATTACHARJEE)", Address{"kabonline07@yahoo.com", "KAUSHIK BHATTACHARJEE"}},
		{"BChiquoine at tiff.org (Chiquoine, Ben)", Address{"bchiquoine@tiff.org", "Chiquoine, Ben"}},
		{"rgs.stat at gmail.com (=?iso-8859-1?Q?Ricardo_Gin=E7alves_Silva?=)", Address{"rgs.stat@gmail.com", "Ricardo Ginçalves Silva"}},
		{"daniel at example.pl (=?ISO-8859-2?Q?Daniel_Cegie=B3ka?=)", Address{"daniel@example.pl", "Daniel Cegiełka"}},
		{"edd at debian.org", Address{"edd@debian.org", ""}},
		{"\"Smith, Ann\" <Ann.Smith@Example.org>", Address{"ann.smith@example.org", "Smith, Ann"}},
		{"Ann Smith <ann at example.org>", Address{"ann@example.org", "Ann Smith"}},
		{"ann@example.org (Ann Smith)", Address{"ann@example.org", "Ann Smith"}},
		{"=?UTF-8?B?6YKT5LiA56GV?= <deng@163.com>", Address{"deng@163.com", "邓一硕"}},
		{"ann@example.org <ann@example.org>", Address{"ann@example.org", ""}},
		{"Just A Name", Address{"", "Just A Name"}},
	}
	for _, tt := range tests {
		if got := parseAddress(tt.in, words); got != tt.want {
			t.Errorf("parseAddress(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestDecodeQP(t *testing.T) {
	tests := []struct{ in, want string }{
		{"caf=C3=A9", "café"},
		{"soft=\nbreak", "softbreak"},
		{"trailing   \nspace", "trailing\nspace"},
		{"50% =3D half, a=b, =ZZ and =", "50% = half, a=b, =ZZ and "},
	}
	for _, tt := range tests {
		if got := string(decodeQP([]byte(tt.in))); got != tt.want {
			t.Errorf("decodeQP(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHTMLText(t *testing.T) {
	in := "<html><head><style>p{}</style></head><body><p>Hello <b>world</b>,</p><p>two&amp;three<br>four</p><script>x()</script></body></html>"
	if got, want := htmlText(in), "Hello world,\n\ntwo&three\nfour"; got != want {
		t.Errorf("htmlText = %q, want %q", got, want)
	}
}

func TestIsSeparator(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"From kabonline07 at yahoo.com  Fri Jan  1 09:56:10 2010\n", true},
		{"From MAILER-DAEMON Fri Jul  8 12:08:34 2011\n", true},
		{"From - Sat Jan  3 01:05:34 1996\n", true},
		{"From user@example.org Sat Jan  3 01:05:34 +0000 1996 remote from x\n", true},
		{"From the documentation, it is clear.\n", false},
		{"From 2010 on, prices rose.\n", false},
		{"From  Fri Jan  1 09:56:10 2010\n", false},
		{"From: someone\n", false},
		{">From x Fri Jan  1 09:56:10 2010\n", false},
	}
	for _, tt := range tests {
		if got := isSeparator([]byte(tt.line)); got != tt.want {
			t.Errorf("isSeparator(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestMsgIDs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"<a@b> <c@d>\t<a@b>", []string{"a@b", "c@d"}},
		{"<4CBCC44B.6060003@x.au>,\t<4CBD0680@x.au><COL120-W53@phx.gbl>", []string{"4CBCC44B.6060003@x.au", "4CBD0680@x.au", "COL120-W53@phx.gbl"}},
		{"message from Ann <ann@x> of Monday", []string{"ann@x"}},
		{"<broken <ok@x> <> <no space@x>", []string{"ok@x"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := msgIDs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("msgIDs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
