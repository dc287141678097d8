package quality

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/cbccvc/cbccvc-go/packet"
)

//go:embed assets
var assets embed.FS

// Stylesheet returns the CSS of the report and of the page, the one both
// embed.
func Stylesheet() []byte {
	b, _ := assets.ReadFile("assets/style.css")
	return b
}

var reportTemplate = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"t":   translate,
	"bi":  bilingual,
	"num": number,
	"pct": percent,
	"inc": func(i int) int { return i + 1 },
	"css": func() template.CSS { return template.CSS(Stylesheet()) },
	"sevLabel": func(s packet.Severity) (template.HTML, error) {
		if s == packet.SeverityError {
			return translate("error")
		}
		return translate("warning")
	},
	"layerLabel": func(l packet.Layer) (template.HTML, error) { return translate("layer-" + string(l)) },
	"sigLabel":   func(s SignatureStatus) (template.HTML, error) { return translate("sig-" + string(s)) },
	"roleLabel":  func(r UnitRole) (template.HTML, error) { return translate("role-" + string(r)) },
	"date": func(t interface{ Format(string) string }) template.HTML {
		return bilingual(t.Format("02/01/2006 15:04 (UTC-07:00)"), t.Format("2006-01-02 15:04 (UTC-07:00)"))
	},
}).ParseFS(assets, "assets/report.html"))

// HTMLOptions are what WriteHTML writes beside the report.
type HTMLOptions struct {
	// Source names the packet (a file name) in the title; optional.
	Source string
}

// WriteHTML writes rep as one self-contained HTML document: the quality
// view with its charts as inline SVG and the stylesheet inline, nothing to
// fetch, readable without JavaScript. It is in Vietnamese, and a checkbox
// in its header shows it in English.
func WriteHTML(w io.Writer, rep *Report, opt HTMLOptions) error {
	if rep == nil {
		return fmt.Errorf("quality: WriteHTML with a nil *Report: %w", ErrNil)
	}
	return reportTemplate.ExecuteTemplate(w, "report.html", newView(rep, opt))
}

// WriteView writes the quality view of rep alone, an HTML fragment for a
// page that has the stylesheet (the page Handler serves).
func WriteView(w io.Writer, rep *Report) error {
	if rep == nil {
		return fmt.Errorf("quality: WriteView with a nil *Report: %w", ErrNil)
	}
	return reportTemplate.ExecuteTemplate(w, "view", newView(rep, HTMLOptions{}))
}

// view is what the template shows: the report, and the geometry of its
// charts.
type view struct {
	*Report
	Source                              string
	Donut                               donut
	RuleChart, FieldChart, UnitChart    chart
	LayerChart                          chart
	Persons                             []personView
	PacketFindings                      []Finding
	UnitsManaging, UnitsEmploying       []UnitGroup
	MoreUnits, MoreFields, MoreRulesBar int
}

type personView struct {
	PersonGroup
	Items []Finding
}

// donut is the clean share as a ring: the dash of the clean arc.
type donut struct {
	Dash, Gap float64
}

const ringRadius = 42

func newView(rep *Report, opt HTMLOptions) view {
	v := view{Report: rep, Source: opt.Source}
	c := 2 * math.Pi * ringRadius
	v.Donut = donut{Dash: round(c * rep.CleanShare), Gap: round(c)}
	v.RuleChart = ruleChart(rep.ByRule)
	v.FieldChart, v.MoreFields = fieldChart(rep.ByField)
	v.LayerChart = layerChart(rep.ByLayer)
	for _, u := range rep.ByUnit {
		if u.Role == RoleManaging {
			v.UnitsManaging = append(v.UnitsManaging, u)
		} else {
			v.UnitsEmploying = append(v.UnitsEmploying, u)
		}
	}
	v.UnitChart, v.MoreUnits = unitChart(v.UnitsEmploying)
	for _, p := range rep.ByPerson {
		pv := personView{PersonGroup: p}
		for _, i := range p.Findings {
			pv.Items = append(pv.Items, rep.Findings[i])
		}
		v.Persons = append(v.Persons, pv)
	}
	for _, f := range rep.Findings {
		if f.Record < 0 {
			v.PacketFindings = append(v.PacketFindings, f)
		}
	}
	return v
}

func round(f float64) float64 { return math.Round(f*100) / 100 }

// number writes n with the thousands separator of each language: 12.345
// in Vietnamese, 12,345 in English.
func number(n int) template.HTML {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return template.HTML(s)
	}
	return bilingual(group(s, "."), group(s, ","))
}

func group(s, sep string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// percent writes a share as a percentage with one decimal, with the
// decimal comma in Vietnamese: 87,5%.
func percent(share float64) template.HTML {
	s := strconv.FormatFloat(100*share, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return bilingual(strings.ReplaceAll(s, ".", ",")+"%", s+"%")
}

// bilingual writes both languages; the stylesheet shows one.
func bilingual(vi, en string) template.HTML {
	if vi == en {
		return template.HTML(template.HTMLEscapeString(vi))
	}
	return template.HTML(`<span class="vi" lang="vi">` + template.HTMLEscapeString(vi) +
		`</span><span class="en" lang="en">` + template.HTMLEscapeString(en) + `</span>`)
}

// translate writes the UI string key in both languages.
func translate(key string) (template.HTML, error) {
	s, ok := uiStrings[key]
	if !ok {
		return "", fmt.Errorf("quality: no UI string %q", key)
	}
	return bilingual(s[0], s[1]), nil
}
