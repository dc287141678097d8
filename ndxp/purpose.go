package ndxp

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
)

// ErrPurpose reports a purpose of a pull of profiles that cannot be sent:
// an unknown value, consent without its reference, or cadre work with one.
var ErrPurpose = errors.New("ndxp: purpose of a pull")

// Purpose is why profiles are pulled (MucDich, docs/guide/en/06-ndxp.md#the-purpose-of-a-pull-of-profiles). Decree
// 27/2026/NĐ-CP lets a body read an electronic profile with the person's
// consent, or without it for cadre work within its authority; every pull
// of profiles (Profiles, Profile, ProfileAnswer) says which. The zero
// Purpose means the client's (WithPurpose), PurposeCadreWork by default.
//
// The SDK carries the purpose and the consent's reference; it does not
// check that the consent exists or covers the pull: that is for the
// caller and the national service.
type Purpose struct {
	code    string
	consent string
}

// PurposeCadreWork is cadre work within the caller's authority
// (CONG_TAC_CAN_BO), the default purpose.
var PurposeCadreWork = Purpose{code: wire.PurposeCadreWork}

// PurposeConsent is a pull with the person's consent (DONG_Y), named by
// ref, the consent's reference (e.g. the number of the document). An empty
// ref makes a purpose that Validate, WithPurpose and the pulls refuse.
func PurposeConsent(ref string) Purpose { return Purpose{code: wire.PurposeConsent, consent: ref} }

// ParsePurpose reads a purpose as the query parameters and the command
// line write it: code CONG_TAC_CAN_BO with no consent, or DONG_Y with the
// consent's reference. The error is a *LocalError matching ErrPurpose.
func ParsePurpose(code, consent string) (Purpose, error) {
	p := Purpose{code: code, consent: consent}
	return p, p.Validate()
}

// Code is the purpose's value on the wire: CONG_TAC_CAN_BO or DONG_Y;
// empty for the zero Purpose.
func (p Purpose) Code() string { return p.code }

// Consent is the consent's reference of a DONG_Y purpose; empty otherwise.
func (p Purpose) Consent() string { return p.consent }

// IsZero reports whether p is the zero Purpose: the client's.
func (p Purpose) IsZero() bool { return p == Purpose{} }

// String returns the code, and the consent's reference in brackets.
func (p Purpose) String() string {
	if p.consent == "" {
		return p.code
	}
	return p.code + " (" + p.consent + ")"
}

// Validate returns nil for CONG_TAC_CAN_BO with no reference and for
// DONG_Y with one, else a *LocalError matching ErrPurpose.
func (p Purpose) Validate() error {
	switch p.code {
	case wire.PurposeCadreWork:
		if p.consent != "" {
			return purposeError(
				fmt.Sprintf("purpose %s takes no consent reference, but has %q: drop the reference, or use %s", p.code, clip(p.consent), wire.PurposeConsent),
				fmt.Sprintf("Mục đích khai thác (MucDich) %s (công tác cán bộ) không kèm văn bản đồng ý, nhưng có mã văn bản đồng ý %q. "+
					"Đề nghị bỏ mã văn bản đồng ý, hoặc chọn mục đích %s (có sự đồng ý của người có hồ sơ).", p.code, clip(p.consent), wire.PurposeConsent))
		}
		return nil
	case wire.PurposeConsent:
		return checkConsent(p.consent)
	case "":
		return purposeError("no purpose: give "+wire.PurposeCadreWork+" or "+wire.PurposeConsent,
			"Thiếu mục đích khai thác (MucDich). Đề nghị chọn "+wire.PurposeCadreWork+" (công tác cán bộ) hoặc "+
				wire.PurposeConsent+" (có sự đồng ý của người có hồ sơ, kèm mã văn bản đồng ý).")
	}
	return purposeError(
		fmt.Sprintf("purpose %q: want %s or %s", clip(p.code), wire.PurposeCadreWork, wire.PurposeConsent),
		fmt.Sprintf("Mục đích khai thác (MucDich) %q không đúng: chỉ nhận %s (công tác cán bộ) hoặc %s (có sự đồng ý của người có hồ sơ). "+
			"Đề nghị chọn một trong hai giá trị.", clip(p.code), wire.PurposeCadreWork, wire.PurposeConsent))
}

// checkConsent checks the reference of a DONG_Y purpose: present, short,
// printable text.
func checkConsent(ref string) error {
	switch {
	case strings.TrimSpace(ref) == "":
		return purposeError(
			fmt.Sprintf("purpose %s needs the consent's reference (%s)", wire.PurposeConsent, wire.QueryConsent),
			fmt.Sprintf("Mục đích khai thác (MucDich) %s (có sự đồng ý của người có hồ sơ) cần mã văn bản đồng ý (%s). "+
				"Đề nghị ghi số, ký hiệu của văn bản đồng ý của người có hồ sơ.", wire.PurposeConsent, wire.QueryConsent))
	case len(ref) > wire.MaxConsentRef:
		return purposeError(
			fmt.Sprintf("the consent's reference is %d bytes long, more than %d", len(ref), wire.MaxConsentRef),
			fmt.Sprintf("Mã văn bản đồng ý (%s) dài %d byte, quá giới hạn %d byte. Đề nghị chỉ ghi số, ký hiệu của văn bản.", wire.QueryConsent, len(ref), wire.MaxConsentRef))
	case !utf8.ValidString(ref) || strings.IndexFunc(ref, unicode.IsControl) >= 0:
		return purposeError(
			"the consent's reference holds a control character or is not UTF-8",
			fmt.Sprintf("Mã văn bản đồng ý (%s) có ký tự không in được. Đề nghị ghi lại số, ký hiệu của văn bản.", wire.QueryConsent))
	}
	return nil
}

func purposeError(en, vi string) error {
	return &LocalError{Err: ErrPurpose, MessageEN: en, MessageVI: vi}
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	const n = 40
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// set writes the purpose's query parameters.
func (p Purpose) set(v url.Values) {
	v.Set(wire.QueryPurpose, p.code)
	if p.consent != "" {
		v.Set(wire.QueryConsent, p.consent)
	}
}

// WithPurpose sets the purpose of the client's pulls of profiles; the
// default is PurposeCadreWork. A query may name its own (ProfileQuery.Purpose).
func WithPurpose(p Purpose) Option {
	return func(c *Client) {
		if err := p.Validate(); err != nil {
			c.setErr(err)
			return
		}
		c.purpose = p
	}
}

// purposeOf is the purpose of a pull: p, or the client's when p is zero.
func (c *Client) purposeOf(p Purpose) (Purpose, error) {
	if p.IsZero() {
		return c.purpose, nil
	}
	return p, p.Validate()
}
