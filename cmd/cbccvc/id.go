package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
)

const idUsage = `Usage: cbccvc id [--json] VALUE...

Detects the kind of each value (agency code, personal ID, national profile ID
of format 1.0, social-insurance number, NDXP identifier), parses it and explains
its parts. A personal ID's digits 1-3 are the code of the province or of the
country where the birth was registered: one that is no province code is valid,
with a warning. Exits 0 when every value is valid, 1 when any is not, 2 on a
usage error.

With --json it prints one JSON object per value:
  {"value","kind","valid","parts":{...},"error"}

Flags:
`

// idResult is one line of `cbccvc id --json`.
type idResult struct {
	Value string          `json:"value"`
	Kind  identifier.Kind `json:"kind"`
	Valid bool            `json:"valid"`
	Parts map[string]any  `json:"parts"`
	Error *string         `json:"error"`
	// ErrorVI is the error in Vietnamese, the language of validation reports.
	ErrorVI  string   `json:"errorVI,omitempty"`
	Warnings []string `json:"warnings,omitempty"`

	explain []identifier.Part
}

func runID(_ context.Context, e env, args []string) error {
	fs := newFlagSet("id", idUsage)
	asJSON := fs.Bool("json", false, "print one JSON object per value")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("no value given")
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	code := exitOK
	for _, v := range fs.Args() {
		r := explainValue(v, time.Now())
		if !r.Valid {
			code = exitInvalid
		}
		if *asJSON {
			if err := enc.Encode(r); err != nil {
				return err
			}
			continue
		}
		printID(e.stdout, r)
	}
	return exit(code)
}

// explainValue detects, parses and explains one value; now decides whether
// a closed agency code deserves a warning.
func explainValue(v string, now time.Time) idResult {
	r := idResult{Value: v, Kind: identifier.Detect(v), Parts: map[string]any{}}
	var err error
	switch r.Kind {
	case identifier.KindAgency:
		var c identifier.AgencyCode
		if c, err = identifier.ParseAgencyCode(v); err == nil {
			r.Parts["level"] = c.Level()
			r.Parts["level1"] = c.Level1()
			r.Parts["canonical"] = c.Canonical()
			r.Parts["decision20"] = c.Decision20()
			r.Parts["form"] = c.Form().String()
			if p, ok := c.Parent(); ok {
				r.Parts["parent"] = p.String()
			}
			if f, ok := c.Family(); ok {
				r.Parts["family"] = f.NameEN
				r.Parts["familyConfirmed"] = f.Confirmed
			}
			if a, ok := c.Level1Agency(); ok {
				r.Parts["agency"] = a.Name
				if !a.ValidUntil.IsZero() {
					r.Parts["closed"] = a.ValidUntil.Format(time.DateOnly)
				}
			}
			if c.ClosedOn(now) {
				r.Warnings = append(r.Warnings, fmt.Sprintf("level-1 code %s is closed since the 2025 merger: valid in old records, not in new ones", c.Level1()))
			}
			r.explain = c.Explain()
		}
	case identifier.KindPersonal:
		var p identifier.PersonalID
		if p, err = identifier.ParsePersonalID(v); err == nil {
			explainBirthplace(p, &r)
			r.Parts["gender"] = p.Gender().String()
			r.Parts["century"] = p.Century()
			r.Parts["birthYear"] = p.BirthYear()
			r.explain = p.Explain()
		}
	case identifier.KindProfile:
		var p identifier.ProfileID
		if p, err = identifier.ParseProfileID(v); err == nil {
			r.Parts["level1"] = p.Level1()
			r.Parts["personKind"] = p.Kind().Code()
			r.Parts["sequence"] = p.Sequence()
			r.Parts["checkDigits"] = v[12:]
			r.explain = p.Explain()
		}
	case identifier.KindSocialInsurance:
		var n identifier.SocialInsuranceNumber
		if n, err = identifier.ParseSocialInsuranceNumber(v); err == nil {
			r.Parts["number"] = n.String()
			r.explain = n.Explain()
		}
	case identifier.KindNDXP:
		err = explainNDXP(v, &r)
	default:
		msg := "not recognised as an agency code, personal ID, national profile ID of format 1.0, social-insurance number or NDXP identifier"
		r.Error = &msg
		r.ErrorVI = fmt.Sprintf("Không nhận ra %q là mã định danh điện tử của cơ quan, tổ chức, số định danh cá nhân, mã định danh hồ sơ CBCCVC (định dạng phiên bản 1.0), "+
			"mã số bảo hiểm xã hội hay mã định danh trên Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP). Đề nghị kiểm tra lại giá trị.", v)
		return r
	}
	if err != nil {
		r.Parts = map[string]any{}
		r.explain = nil
		msg := err.Error()
		var ie *identifier.Error
		if errors.As(err, &ie) {
			msg = ie.MessageEN
			r.ErrorVI, _ = ie.Messages()
		}
		r.Error = &msg
		return r
	}
	r.Valid = true
	return r
}

// explainBirthplace explains digits 1-3 of a personal ID: the code of the
// province or of the country where the birth was registered. A code that is
// no province code is valid, with a warning naming both readings, as the
// embedded lists have no country codes.
func explainBirthplace(p identifier.PersonalID, r *idResult) {
	b, code := p.Birthplace(), p.BirthProvinceCode()
	r.Parts["birthplaceCode"] = code
	r.Parts["birthplace"] = b.Kind.String()
	if b.Kind == identifier.BirthplaceProvince {
		r.Parts["province"] = b.Name
		r.Parts["provinceCode"] = code
		return
	}
	r.Warnings = append(r.Warnings, fmt.Sprintf("digits 1-3 (%s) are not a province code of Circular 07/2016/TT-BCA: "+
		"they may be the code of the country where the birth was registered abroad; check the number against the identity card", code))
}

// explainNDXP parses an NDXP member, subsystem or service, by the number of
// its parts.
func explainNDXP(v string, r *idResult) error {
	n := strings.Count(v, "/") + 1
	if !strings.Contains(v, "/") {
		n = strings.Count(v, ":") + 1
	}
	var m identifier.Member
	switch {
	case n <= 3:
		mm, err := identifier.ParseMember(v)
		if err != nil {
			return err
		}
		m = mm
		r.Parts["type"] = "member"
	case n == 4:
		s, err := identifier.ParseSubsystem(v)
		if err != nil {
			return err
		}
		m = s.Member
		r.Parts["type"] = "subsystem"
		r.Parts["subsystem"] = s.Code
	default:
		s, err := identifier.ParseService(v)
		if err != nil {
			return err
		}
		m = s.Subsystem.Member
		r.Parts["type"] = "service"
		r.Parts["subsystem"] = s.Subsystem.Code
		r.Parts["service"] = s.Code
		if s.Version != "" {
			r.Parts["version"] = s.Version
		}
	}
	r.Parts["instance"] = m.Instance
	r.Parts["memberClass"] = m.Class
	r.Parts["memberCode"] = m.Code
	r.explain = []identifier.Part{
		{Name: "instance", Value: m.Instance, MeaningEN: "NDXP instance"},
		{Name: "class", Value: m.Class, MeaningEN: map[string]string{identifier.ClassGOV: "state body", identifier.ClassCOM: "enterprise"}[m.Class]},
		{Name: "member", Value: m.Code, MeaningEN: "member code"},
	}
	for _, k := range []string{"subsystem", "service", "version"} {
		if s, ok := r.Parts[k].(string); ok {
			r.explain = append(r.explain, identifier.Part{Name: k, Value: s, MeaningEN: k + " code"})
		}
	}
	return nil
}

func printID(w io.Writer, r idResult) {
	if !r.Valid {
		fmt.Fprintf(w, "%s: %s, invalid: %s\n", r.Value, kindName(r.Kind), *r.Error)
		if r.ErrorVI != "" {
			fmt.Fprintf(w, "  %s\n", r.ErrorVI)
		}
		return
	}
	fmt.Fprintf(w, "%s: %s, valid\n", r.Value, kindName(r.Kind))
	for _, p := range r.explain {
		fmt.Fprintf(w, "  %-15s %-8s %s\n", p.Name, p.Value, p.MeaningEN)
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
}

func kindName(k identifier.Kind) string {
	switch k {
	case identifier.KindAgency:
		return "agency code"
	case identifier.KindPersonal:
		return "personal ID"
	case identifier.KindProfile:
		return "national profile ID (format 1.0)"
	case identifier.KindSocialInsurance:
		return "social-insurance number"
	case identifier.KindNDXP:
		return "NDXP identifier"
	}
	return "unknown kind"
}
