package ndxptest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/cbccvc/cbccvc-go/packet"
)

// draw is a deterministic stream of numbers for one profile and source:
// the simulated registries are a function of the seed and the personal ID,
// so that the same seed and profiles give the same results.
type draw struct {
	sum [32]byte
	i   int
}

func newDraw(seed uint64, source, pid string) *draw {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seed)
	return &draw{sum: sha256.Sum256([]byte(string(b[:]) + "|" + source + "|" + pid))}
}

func (d *draw) uint() uint64 {
	if d.i+8 > len(d.sum) {
		d.sum, d.i = sha256.Sum256(d.sum[:]), 0
	}
	v := binary.BigEndian.Uint64(d.sum[d.i:])
	d.i += 8
	return v
}

// unit is a number in [0, 1).
func (d *draw) unit() float64 { return float64(d.uint()>>11) / (1 << 53) }

func (d *draw) intn(n int) int { return int(d.uint() % uint64(n)) }

// match is the result of matching a stored profile against one registry (s.mu held).
func (s *service) match(st *stored, source packet.Source) packet.MatchResult {
	p := st.profile
	d := newDraw(s.cfg.Seed, string(source), p.PersonalID.String())
	r := packet.MatchResult{PersonalID: p.PersonalID, Source: source, Status: packet.MatchOK,
		MatchedAt: st.changed.In(ict).Truncate(time.Second)}
	u := d.unit()
	switch {
	case u < s.cfg.Matching.NotFound:
		r.Status = packet.MatchNotFound
	case u < s.cfg.Matching.NotFound+s.cfg.Matching.Discrepancy:
		r.Status = packet.MatchDiffers
		r.Differences = differences(p, source, st.changed, d)
	}
	return r
}

// registryMembers are the members of HoSo each simulated registry holds,
// and so the only ones its matching compares (our reading of what the
// population database keeps under the Law on Identification 26/2023/QH15,
// and the social-insurance database under the Law on Social Insurance):
// identity, the identity card and residence; the insurance number and the
// salary contributions are paid on. Nothing of the sensitive groups
// (packet.SensitiveMembers) is in either.
var registryMembers = map[packet.Source][]string{
	packet.SourcePopulation: {"/HoVaTen", "/NgaySinh", "/CanCuoc", "/ThuongTru", "/NoiOHienTai"},
	packet.SourceInsurance:  {"/NgaySinh", "/SoBHXH", "/Ngach"},
}

// differences makes one or two realistic disagreements between the agency's
// profile and the registry: a name keyed without diacritics, another birth
// date, an identity card issued again, an address; for social insurance
// another insurance number or the salary coefficient contributions are
// paid on. stored is when the profile was stored: the registry's values
// are not later.
func differences(p packet.Profile, source packet.Source, stored time.Time, d *draw) []packet.Difference {
	var cands []func() packet.Difference
	if plain := stripDiacritics(p.FullName); plain != p.FullName && source == packet.SourcePopulation {
		cands = append(cands, func() packet.Difference { return diff("/HoVaTen", p.FullName, plain) })
	}
	if !p.BirthDate.IsZero() {
		cands = append(cands, func() packet.Difference {
			return diff("/NgaySinh", p.BirthDate.String(), otherBirthDate(p.BirthDate, d))
		})
	}
	switch source {
	case packet.SourcePopulation:
		if a := p.PermanentAddress; a != nil && a.Detail != "" {
			cands = append(cands, func() packet.Difference {
				return diff("/ThuongTru/ChiTiet", a.Detail, fmt.Sprintf("Tổ %d, %s", 1+d.intn(40), a.Detail))
			})
		}
		if a := p.CurrentAddress; a != nil && a.Detail != "" {
			cands = append(cands, func() packet.Difference {
				return diff("/NoiOHienTai/ChiTiet", a.Detail, fmt.Sprintf("Số %d, %s", 1+d.intn(300), a.Detail))
			})
		}
		if c := p.IDCard; c != nil && !c.Issued.IsZero() {
			cands = append(cands, func() packet.Difference {
				// The card issued again since (Law 26/2023/QH15: căn cước
				// by the Ministry of Public Security), or, when there is
				// no room before the profile was stored, the issue date
				// keyed a few days off.
				again := packet.DateOf(c.Issued.In(time.UTC).AddDate(0, 1+d.intn(36), 0))
				if !again.Before(packet.DateOf(stored)) {
					again = packet.DateOf(c.Issued.In(time.UTC).AddDate(0, 0, -1-d.intn(27)))
					return diff("/CanCuoc/NgayCap", c.Issued, again)
				}
				return diff("/CanCuoc", *c, packet.IDCard{Issued: again, Issuer: "Bộ Công an"})
			})
		}
	case packet.SourceInsurance:
		cands = append(cands, func() packet.Difference {
			other := fmt.Sprintf("%010d", d.uint()%10_000_000_000)
			if other[0] == '0' {
				other = "7" + other[1:]
			}
			if p.SocialInsurance.IsZero() {
				return packet.Difference{Field: "/SoBHXH", AuthoritativeValue: mustJSON(other)}
			}
			return diff("/SoBHXH", p.SocialInsurance.String(), other)
		})
		if p.Rank.Coefficient > 0 {
			cands = append(cands, func() packet.Difference {
				paid := p.Rank.Coefficient - 33 // the previous step, as contributions lag a raise
				if paid <= 0 {
					paid = p.Rank.Coefficient + 33
				}
				return diff("/Ngach/HeSoLuong", p.Rank.Coefficient, paid)
			})
		}
	}
	if len(cands) == 0 {
		return nil
	}
	n := 1 + d.intn(2)
	start := d.intn(len(cands))
	var out []packet.Difference
	for i := 0; i < n && i < len(cands); i++ {
		out = append(out, cands[(start+i)%len(cands)]())
	}
	return out
}

func diff(field string, agency, authoritative any) packet.Difference {
	return packet.Difference{Field: field, AgencyValue: mustJSON(agency), AuthoritativeValue: mustJSON(authoritative)}
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only strings and Decimal2 come here
	}
	return b
}

// otherBirthDate is a full birth date in the same year as the agency's,
// a few days or weeks off (or completing a partial date), so that the
// personal ID's year digits still agree.
func otherBirthDate(b packet.PartialDate, d *draw) string {
	lo, hi := b.Earliest(), b.Latest()
	if full, ok := b.Full(); ok {
		off := 1 + d.intn(27)
		t := full.In(time.UTC).AddDate(0, 0, off)
		if t.Year() != full.Year() {
			t = full.In(time.UTC).AddDate(0, 0, -off)
		}
		return t.Format(time.DateOnly)
	}
	span := int(hi.In(time.UTC).Sub(lo.In(time.UTC)).Hours()/24) + 1
	return lo.In(time.UTC).AddDate(0, 0, d.intn(span)).Format(time.DateOnly)
}

// stripDiacritics writes a Vietnamese name as old systems keyed it, without
// tone marks and diacritics: "Nguyễn Thị Đào" -> "Nguyen Thi Dao".
func stripDiacritics(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return strings.NewReplacer("đ", "d", "Đ", "D").Replace(out)
}
