package identifier

import "fmt"

// SocialInsuranceNumber is the 10-digit social-insurance number (mã số BHXH,
// field SoBHXH). The zero value is "absent".
type SocialInsuranceNumber struct {
	d [socialInsuranceLen]byte
}

const socialInsuranceLen = 10

// ParseSocialInsuranceNumber parses a 10-digit social-insurance number.
func ParseSocialInsuranceNumber(s string) (SocialInsuranceNumber, error) {
	if s == "" {
		return SocialInsuranceNumber{}, newError(KindSocialInsurance, s, "", -1, ErrEmpty, "empty value", "giá trị rỗng")
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return SocialInsuranceNumber{}, charError(KindSocialInsurance, s, "number", i, "a digit", "chữ số")
		}
	}
	if len(s) != socialInsuranceLen {
		return SocialInsuranceNumber{}, newError(KindSocialInsurance, s, "number", -1, ErrLength,
			fmt.Sprintf("%d digits, want %d", len(s), socialInsuranceLen),
			fmt.Sprintf("có %d chữ số, cần %d", len(s), socialInsuranceLen))
	}
	var n SocialInsuranceNumber
	copy(n.d[:], s)
	return n, nil
}

// String returns the 10 digits, or "" for the zero value.
func (n SocialInsuranceNumber) String() string {
	if n.IsZero() {
		return ""
	}
	return string(n.d[:])
}

// IsZero reports whether n is the zero, absent, number.
func (n SocialInsuranceNumber) IsZero() bool { return n.d[0] == 0 }

// Explain returns the number as one part: it has no inner structure.
func (n SocialInsuranceNumber) Explain() []Part {
	if n.IsZero() {
		return nil
	}
	return []Part{{Name: "number", Value: n.String(), Meaning: "mã số bảo hiểm xã hội", MeaningEN: "social-insurance number"}}
}

// MarshalText implements encoding.TextMarshaler; the zero value is empty text.
func (n SocialInsuranceNumber) MarshalText() ([]byte, error) {
	if n.IsZero() {
		return []byte{}, nil
	}
	return n.d[:], nil
}

// UnmarshalText implements encoding.TextUnmarshaler. Empty text is an error.
func (n *SocialInsuranceNumber) UnmarshalText(b []byte) error {
	v, err := ParseSocialInsuranceNumber(string(b))
	if err != nil {
		return err
	}
	*n = v
	return nil
}
