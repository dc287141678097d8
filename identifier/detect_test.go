package identifier

import "testing"

func TestDetect(t *testing.T) {
	tests := []struct {
		in   string
		want Kind
	}{
		{"000.00.12.H29", KindAgency},
		{"H29.12", KindAgency},
		{"H29", KindAgency},
		{"000.00.12.h29", KindAgency}, // detected, then refused by the parser
		{"079085001234", KindPersonal},
		{"012345678", KindPersonal}, // old ID card: the parser says so
		{"07908500123", KindPersonal},
		{"07908500123A", KindPersonal},
		{"79123A5678", KindSocialInsurance},
		{"0790850012345678", KindUnknown},
		{"7912345678", KindSocialInsurance},
		{"H2920001234507", KindProfile},
		{"h2920001234507", KindProfile},
		{"VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1", KindNDXP},
		{"VN:GOV:000.00.00.H29", KindNDXP},
		{"", KindUnknown},
		{"12345", KindUnknown},
		{"hello world", KindUnknown},
		{"Nguyễn Văn An", KindUnknown},
	}
	for _, tt := range tests {
		if got := Detect(tt.in); got != tt.want {
			t.Errorf("Detect(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
