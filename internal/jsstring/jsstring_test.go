package jsstring

import "testing"

// The expectations are what Node.js prints for the same calls.
func TestToLower(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ADA@Example.COM", "ada@example.com"},
		{"already lower", "already lower"},
		{"İnci", "i\u0307nci"},
		{"ΟΔΟΣ", "οδος"},
		{"ΟΔΟΣ@X", "οδος@x"},
		{"Σ", "σ"},
		{"ΣΑ", "σα"},
		{"STRAẞE", "straße"},
		{"ǅ", "ǆ"},
		{"Å", "å"}, // U+212B ANGSTROM SIGN
		{"K", "k"}, // U+212A KELVIN SIGN
		{"ＡＢ", "ａｂ"},
	}
	for _, tt := range tests {
		if got := ToLower(tt.in); got != tt.want {
			t.Errorf("ToLower(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTrimSpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{" \t a@b \n", "a@b"},
		{"\ufeffa@b\u3000", "a@b"},
		{"\u0085a@b", "\u0085a@b"}, // NEL: not JavaScript white space
		{"\u2028a\u2029", "a"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := TrimSpace(tt.in); got != tt.want {
			t.Errorf("TrimSpace(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
