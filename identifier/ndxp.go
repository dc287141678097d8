package identifier

import (
	"errors"
	"fmt"
	"strings"
)

// NDXP, the national data-exchange platform, addresses its members the
// X-Road way: instance, member class, member code, then subsystem, service
// code and service version. HTTP headers and paths write them with '/'
// (VN/GOV/000.00.00.H29/QLCB), configuration files with ':'
// (VN:GOV:000.00.00.H29:QLCB). Parsers accept both; String writes '/',
// ConfigString ':'.

// Member classes of NDXP.
const (
	ClassGOV = "GOV" // state bodies; the member code is an agency code
	ClassCOM = "COM" // enterprises; the member code is a tax code
)

// InstanceVN is the NDXP instance of Viet Nam.
const InstanceVN = "VN"

// Member is an NDXP member: an agency (class GOV) or an enterprise (COM).
type Member struct {
	Instance string // e.g. "VN"
	Class    string // ClassGOV or ClassCOM
	Code     string // an agency code for GOV, a tax code for COM
}

// Subsystem is an information system of a member, e.g. an HR system.
type Subsystem struct {
	Member Member
	Code   string // e.g. "QLCB"
}

// Service is a service offered by a subsystem.
type Service struct {
	Subsystem Subsystem
	Code      string // e.g. "cbccvc"
	Version   string // optional, e.g. "v1"
}

// NationalDatabaseCode is the agency code of the national CBCCVC
// database (CSDLQG về CBCCVC), which the Ministry of Home Affairs operates:
// the receiver (MaDonViNhan) of the packets agencies send, the sender
// (MaDonViGui) and signer of its answers, and the member of its NDXP
// service.
const NationalDatabaseCode = "000.00.00.G09"

// NationalDatabase returns NationalDatabaseCode as an AgencyCode.
func NationalDatabase() AgencyCode { return MustParseAgencyCode(NationalDatabaseCode) }

// NationalService returns the service of the national CBCCVC database,
// VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1 (our reading of the decision).
func NationalService() Service {
	return Service{
		Subsystem: Subsystem{Member: Member{Instance: InstanceVN, Class: ClassGOV, Code: NationalDatabaseCode}, Code: "CSDLCBCCVC"},
		Code:      "cbccvc",
		Version:   "v1",
	}
}

// splitNDXP splits s at its separator, '/' or ':', whichever comes first,
// into at most len(dst) parts and returns their number (which may exceed
// len(dst)). Mixing the two separators is an error, reported by the caller
// through the code-character check.
func splitNDXP(s string, dst []string) (int, byte) {
	sep := byte('/')
	if i := strings.IndexAny(s, "/:"); i >= 0 {
		sep = s[i]
	}
	n := 0
	for {
		i := strings.IndexByte(s, sep)
		part := s
		if i >= 0 {
			part = s[:i]
		}
		if n < len(dst) {
			dst[n] = part
		}
		n++
		if i < 0 {
			return n, sep
		}
		s = s[i+1:]
	}
}

// parseNDXP parses an identifier of minParts to maxParts parts (3 member,
// 4 subsystem, 5 or 6 service).
func parseNDXP(s string, minParts, maxParts int, what string) ([6]string, int, error) {
	var p [6]string
	if s == "" {
		return p, 0, newError(KindNDXP, s, "", -1, ErrEmpty, "empty value", "giá trị rỗng")
	}
	n, sep := splitNDXP(s, p[:])
	if n < minParts || n > maxParts {
		want, wantVI := fmt.Sprint(minParts), fmt.Sprint(minParts)
		if maxParts != minParts {
			want = fmt.Sprintf("%d or %d", minParts, maxParts)
			wantVI = fmt.Sprintf("%d hoặc %d", minParts, maxParts)
		}
		return p, 0, newError(KindNDXP, s, "", -1, ErrStructure,
			fmt.Sprintf("%d parts separated by %q, want %s for %s", n, sep, want, what),
			fmt.Sprintf("có %d phần ngăn cách bởi %q, phải có %s phần", n, sep, wantVI))
	}
	off := 0
	for i := range n {
		part := [...]string{"instance", "member class", "member code", "subsystem code", "service code", "service version"}[i]
		if p[i] == "" {
			return p, 0, newError(KindNDXP, s, part, off, ErrEmpty,
				fmt.Sprintf("the %s is empty", part),
				fmt.Sprintf("%s rỗng", partVI(part)))
		}
		for j := 0; j < len(p[i]); j++ {
			if !isXRoadCodeChar(p[i][j]) {
				return p, 0, charError(KindNDXP, s, part, off+j,
					"allowed in an NDXP code (A-Z a-z 0-9 ' ( ) + , - . = ?)",
					"ký tự được phép trong mã NDXP (A-Z a-z 0-9 ' ( ) + , - . = ?)")
			}
		}
		off += len(p[i]) + 1
	}
	if err := checkMember(s, p[1], p[2], len(p[0])+1); err != nil {
		return p, 0, err
	}
	return p, n, nil
}

// isXRoadCodeChar reports whether c may occur in an X-Road identifier code.
func isXRoadCodeChar(c byte) bool {
	switch {
	case isDigit(c), isUpper(c), 'a' <= c && c <= 'z':
		return true
	}
	return strings.IndexByte("'()+,-.=?", c) >= 0
}

// checkMember checks the member code against its class; off is the offset
// of the class in s.
func checkMember(s, class, code string, off int) error {
	codeOff := off + len(class) + 1
	switch class {
	case ClassGOV:
		if _, err := ParseAgencyCode(code); err != nil {
			var e *Error
			msgEN, msgVI := err.Error(), err.Error()
			if errors.As(err, &e) {
				msgEN, msgVI = e.MessageEN, e.MessageVI
			}
			return newError(KindNDXP, s, "member code", codeOff, ErrCode,
				"the GOV member code is not an agency code: "+msgEN,
				"mã thành viên lớp GOV không phải mã định danh cơ quan: "+msgVI)
		}
	case ClassCOM:
		if !isTaxCode(code) {
			return newError(KindNDXP, s, "member code", codeOff, ErrCode,
				fmt.Sprintf("the COM member code %q is not a tax code (10 digits, or 10 digits, '-' and 3 digits)", code),
				fmt.Sprintf("mã thành viên lớp COM %q không phải mã số thuế (10 chữ số, hoặc 10 chữ số, '-' và 3 chữ số)", code))
		}
	default:
		return newError(KindNDXP, s, "member class", off, ErrCode,
			fmt.Sprintf("member class %q is not GOV or COM", class),
			fmt.Sprintf("lớp thành viên %q không phải GOV hoặc COM", class))
	}
	return nil
}

// isTaxCode reports whether s is a Vietnamese tax code: 10 digits, or a
// branch code of 10 digits, '-' and 3 digits.
func isTaxCode(s string) bool {
	if len(s) != 10 && len(s) != 14 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 10 {
			if s[i] != '-' {
				return false
			}
			continue
		}
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// ParseMember parses a member identifier such as VN/GOV/000.00.00.H29 or
// VN:GOV:000.00.00.H29.
func ParseMember(s string) (Member, error) {
	p, _, err := parseNDXP(s, 3, 3, "a member (instance, class, code)")
	if err != nil {
		return Member{}, err
	}
	return Member{Instance: p[0], Class: p[1], Code: p[2]}, nil
}

// ParseSubsystem parses a subsystem identifier such as
// VN/GOV/000.00.00.H29/QLCB or VN:GOV:000.00.00.H29:QLCB.
func ParseSubsystem(s string) (Subsystem, error) {
	p, _, err := parseNDXP(s, 4, 4, "a subsystem (instance, class, member code, subsystem)")
	if err != nil {
		return Subsystem{}, err
	}
	return Subsystem{Member: Member{Instance: p[0], Class: p[1], Code: p[2]}, Code: p[3]}, nil
}

// ParseService parses a service identifier such as
// VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1; the version is optional.
func ParseService(s string) (Service, error) {
	p, n, err := parseNDXP(s, 5, 6, "a service (instance, class, member code, subsystem, service[, version])")
	if err != nil {
		return Service{}, err
	}
	v := Service{Subsystem: Subsystem{Member: Member{Instance: p[0], Class: p[1], Code: p[2]}, Code: p[3]}, Code: p[4]}
	if n == 6 {
		v.Version = p[5]
	}
	return v, nil
}

// Agency returns the member code as an agency code, for a GOV member.
func (m Member) Agency() (AgencyCode, bool) {
	if m.Class != ClassGOV {
		return AgencyCode{}, false
	}
	c, err := ParseAgencyCode(m.Code)
	return c, err == nil
}

// IsZero reports whether m is the zero Member.
func (m Member) IsZero() bool { return m == Member{} }

func (m Member) join(sep string) string { return m.Instance + sep + m.Class + sep + m.Code }

// String returns the '/' form, for HTTP headers and paths.
func (m Member) String() string { return m.join("/") }

// ConfigString returns the ':' form, for configuration files.
func (m Member) ConfigString() string { return m.join(":") }

// MarshalText implements encoding.TextMarshaler with the '/' form.
func (m Member) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts both forms.
func (m *Member) UnmarshalText(b []byte) error {
	v, err := ParseMember(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// IsZero reports whether s is the zero Subsystem.
func (s Subsystem) IsZero() bool { return s == Subsystem{} }

// String returns the '/' form, for HTTP headers and paths.
func (s Subsystem) String() string { return s.Member.join("/") + "/" + s.Code }

// ConfigString returns the ':' form, for configuration files.
func (s Subsystem) ConfigString() string { return s.Member.join(":") + ":" + s.Code }

// MarshalText implements encoding.TextMarshaler with the '/' form.
func (s Subsystem) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts both forms.
func (s *Subsystem) UnmarshalText(b []byte) error {
	v, err := ParseSubsystem(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// IsZero reports whether v is the zero Service.
func (v Service) IsZero() bool { return v == Service{} }

func (v Service) join(sep string) string {
	s := v.Subsystem.Member.join(sep) + sep + v.Subsystem.Code + sep + v.Code
	if v.Version != "" {
		s += sep + v.Version
	}
	return s
}

// String returns the '/' form, for HTTP headers and paths.
func (v Service) String() string { return v.join("/") }

// ConfigString returns the ':' form, for configuration files.
func (v Service) ConfigString() string { return v.join(":") }

// MarshalText implements encoding.TextMarshaler with the '/' form.
func (v Service) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts both forms.
func (v *Service) UnmarshalText(b []byte) error {
	p, err := ParseService(string(b))
	if err != nil {
		return err
	}
	*v = p
	return nil
}
