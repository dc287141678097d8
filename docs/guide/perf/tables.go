package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// lang is the language of a page.
type lang int

const (
	english lang = iota
	vietnamese
)

// pick returns en or vi, by l.
func (l lang) pick(en, vi string) string {
	if l == vietnamese {
		return vi
	}
	return en
}

// num writes x with d decimals and thousands grouped: 1,234.5 in English,
// 1.234,5 in Vietnamese.
func (l lang) num(x float64, d int) string {
	s := strconv.FormatFloat(x, 'f', d, 64)
	whole, frac, _ := strings.Cut(s, ".")
	sign := ""
	if strings.HasPrefix(whole, "-") {
		sign, whole = "-", whole[1:]
	}
	sep, point := l.pick(",", "."), l.pick(".", ",")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		return sign + b.String() + point + frac
	}
	return sign + b.String()
}

// sig writes x with about three significant digits.
func (l lang) sig(x float64) string {
	switch {
	case x >= 100:
		return l.num(x, 0)
	case x >= 10:
		return l.num(x, 1)
	}
	return l.num(x, 2)
}

// duration writes a time in nanoseconds as ns, µs, ms or s.
func (l lang) duration(ns float64) string {
	switch {
	case ns >= 1e9:
		return l.sig(ns/1e9) + " s"
	case ns >= 1e6:
		return l.sig(ns/1e6) + " ms"
	case ns >= 1e3:
		return l.sig(ns/1e3) + " µs"
	}
	return l.sig(ns) + " ns"
}

// A table is a table of a performance page: the benchmark runs it needs,
// and its rows (the header first) in a language.
type table struct {
	name string
	runs []benchRun
	rows func(res results, l lang) ([][]string, error)
}

// block is the text between the table's markers: the table, and the
// commands that printed its figures.
func (t table) block(res results, l lang) (string, error) {
	rows, err := t.rows(res, l)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i, r := range rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
		if i == 0 {
			b.WriteString(strings.Repeat("|---", len(r)) + "|\n")
		}
	}
	var cmds []string
	for _, r := range t.runs {
		cmds = append(cmds, "`"+r.String()+"`")
	}
	b.WriteString("\n" + l.pick(
		fmt.Sprintf("*Printed by %s on %s, GOMAXPROCS %d; the table is written by `go run ./docs/guide/perf`.*\n", strings.Join(cmds, " and "), res.cpu, res.procs),
		fmt.Sprintf("*Số liệu do lệnh %s in ra trên máy %s, GOMAXPROCS %d; bảng do `go run ./docs/guide/perf` ghi.*\n", strings.Join(cmds, " và "), res.cpu, res.procs)))
	return b.String(), nil
}

// get returns the metric unit of benchmark name, or an error naming what
// is missing (a benchmark skipped, for want of node or ajv).
func (res results) get(name, unit string) (float64, error) {
	m, ok := res.lines[name]
	if !ok {
		return 0, fmt.Errorf("benchmark %s did not run (was it skipped? see its output)", name)
	}
	v, ok := m[unit]
	if !ok {
		return 0, fmt.Errorf("benchmark %s printed no %s", name, unit)
	}
	return v, nil
}

// getter collects the first error of a series of gets.
type getter struct {
	res results
	err error
}

func (g *getter) get(name, unit string) float64 {
	v, err := g.res.get(name, unit)
	if g.err == nil {
		g.err = err
	}
	return v
}

// profiles is the number of profiles of the packets the packet benchmarks
// read (benchProfiles in packet/bench_test.go).
const profiles = 10_000

var (
	identifierRun = benchRun{pkg: "./identifier", pattern: "."}
	validateRun   = benchRun{pkg: "./packet", pattern: "^BenchmarkValidate$/^(full|full-1.0|jsonschema|ajv-schema-only|naive-schema-only)$", benchtime: "3x"}
	decodeRun     = benchRun{pkg: "./packet", pattern: "^BenchmarkDecode$", benchtime: "3x"}
	syncRun       = benchRun{pkg: "./hrsync", pattern: "^BenchmarkSync$", benchtime: "1x",
		flags: "-sync-rows " + strconv.Itoa(syncPeople) + " -timeout 2h"}
)

// syncPeople is the number of people BenchmarkSync syncs for the guide.
const syncPeople = 100_000

// tables are the tables of the performance pages, in the order they are
// regenerated.
var tables = []table{
	{name: "identifiers", runs: []benchRun{identifierRun}, rows: identifierRows},
	{name: "validate", runs: []benchRun{validateRun, decodeRun}, rows: validateRows},
	{name: "ajv", runs: []benchRun{validateRun}, rows: ajvRows},
	{name: "signing", runs: []benchRun{signRun}, rows: signingRows},
	{name: "xmlsec1", runs: []benchRun{xmlsec1Run}, rows: xmlsec1Rows},
	{name: "sync", runs: []benchRun{syncRun}, rows: syncRows},
}

func identifierRows(res results, l lang) ([][]string, error) {
	rows := [][]string{{l.pick("parsing", "phân tích"), "ns", l.pick("allocations", "lần cấp phát bộ nhớ")}}
	g := getter{res: res}
	for _, b := range []struct{ name, en, vi string }{
		{"ParseAgencyCode/001.01.12.H29", "an agency code", "mã định danh điện tử của cơ quan, tổ chức"},
		{"ParsePersonalID", "a personal ID", "số định danh cá nhân"},
		{"ParseProfileID", "a national profile ID of format 1.0", "mã định danh CBCCVC (định dạng 1.0)"},
		{"ParseSocialInsuranceNumber", "a social-insurance number", "mã số bảo hiểm xã hội"},
		{"ParseService", "a service identifier", "mã dịch vụ"},
		{"Birthplace/079085001234", "a personal ID's place of birth", "nơi đăng ký khai sinh theo số định danh cá nhân"},
	} {
		ns, allocs := g.get(b.name, "ns/op"), g.get(b.name, "allocs/op")
		rows = append(rows, []string{l.pick(b.en, b.vi), l.sig(ns), l.num(allocs, 0)})
	}
	return rows, g.err
}

func validateRows(res results, l lang) ([][]string, error) {
	rows := [][]string{{l.pick("10,000 profiles", "10.000 hồ sơ"), l.pick("size", "kích thước"), l.pick("time", "thời gian"),
		"MB/s", l.pick("MB per CPU second", "MB/giây CPU"), l.pick("allocations per profile", "lần cấp phát/hồ sơ")}}
	g := getter{res: res}
	for _, b := range []struct{ name, size, en, vi string }{
		{"Validate/full/json", "Validate/full/json", "validate JSON, format 2.0", "kiểm tra JSON, định dạng 2.0"},
		{"Validate/full/xml", "Validate/full/xml", "validate XML, format 2.0", "kiểm tra XML, định dạng 2.0"},
		{"Validate/full-1.0/json", "Validate/full-1.0/json", "validate JSON, the same people in format 1.0", "kiểm tra JSON, cùng những người đó ở định dạng 1.0"},
		{"Validate/full-1.0/xml", "Validate/full-1.0/xml", "validate XML, the same people in format 1.0", "kiểm tra XML, cùng những người đó ở định dạng 1.0"},
		{"Decode/json", "Validate/full/json", "decode JSON, format 2.0", "giải mã JSON, định dạng 2.0"},
		{"Decode/xml", "Validate/full/xml", "decode XML, format 2.0", "giải mã XML, định dạng 2.0"},
	} {
		size := g.get(b.size, "bytes/profile") * profiles / 1e6
		mbps := g.get(b.name, "MB/s")
		perCPU := "—"
		if v, err := res.get(b.name, "MB/cpu-s"); err == nil {
			perCPU = l.sig(v)
		}
		rows = append(rows, []string{l.pick(b.en, b.vi), l.sig(size) + " MB", l.duration(g.get(b.name, "ns/op")),
			l.sig(mbps), perCPU, l.num(math.Round(g.get(b.name, "allocs/op")/profiles), 0)})
	}
	return rows, g.err
}

// ajvRows compares full validation with schema-only validation by ajv and
// by jsonschema/v6, on the same JSON packet and schemas.
func ajvRows(res results, l lang) ([][]string, error) {
	rows := [][]string{{l.pick("10,000 profiles, JSON", "10.000 hồ sơ, JSON"), l.pick("time", "thời gian"),
		l.pick("ajv's time over this one", "thời gian của ajv chia cho thời gian này"), "MB/s", l.pick("MB per CPU second", "MB/giây CPU"),
		l.pick("allocations per profile", "lần cấp phát/hồ sơ")}}
	g := getter{res: res}
	ajv := g.get("Validate/ajv-schema-only/json", "ns/op")
	for _, b := range []struct{ name, en, vi string }{
		{"Validate/full/json", "cbccvc: full validation (well-formedness, schema, semantic rules)",
			"cbccvc: kiểm tra đầy đủ (định dạng, lược đồ, quy tắc ngữ nghĩa)"},
		{"Validate/jsonschema/json", "cbccvc: full validation, the schemas checked by jsonschema/v6 (WithSchemas)",
			"cbccvc: kiểm tra đầy đủ, lược đồ do jsonschema/v6 kiểm tra (WithSchemas)"},
		{"Validate/ajv-schema-only/json", "ajv 8 (Node.js, default options): JSON.parse and the schemas only",
			"ajv 8 (Node.js, tùy chọn mặc định): JSON.parse và chỉ kiểm tra theo lược đồ"},
		{"Validate/naive-schema-only/json", "Go: json.Unmarshal into any, then jsonschema/v6, schemas only",
			"Go: json.Unmarshal vào any rồi jsonschema/v6, chỉ kiểm tra theo lược đồ"},
	} {
		ns := g.get(b.name, "ns/op")
		allocs := "—"
		if v, err := res.get(b.name, "allocs/op"); err == nil && v > 0 {
			allocs = l.num(math.Round(v/profiles), 0)
		}
		perCPU := "—"
		if v, err := res.get(b.name, "MB/cpu-s"); err == nil {
			perCPU = l.sig(v)
		}
		rows = append(rows, []string{l.pick(b.en, b.vi), l.duration(ns), l.sig(ajv/ns) + "×", l.sig(g.get(b.name, "MB/s")), perCPU, allocs})
	}
	return rows, g.err
}

var (
	signRun    = benchRun{pkg: "./signing", pattern: "^BenchmarkSignVerify(JSON|XML)$", benchtime: "3x"}
	xmlsec1Run = benchRun{pkg: "./cmd/cbccvc", pattern: "^BenchmarkXMLSec1$", benchtime: "2x"}
)

// signingRows are signing and verifying a packet in each format, and the
// JSON floor: RFC 8785 by gowebpki/jcs, SHA-256 and one RSA-2048 signature.
func signingRows(res results, l lang) ([][]string, error) {
	rows := [][]string{{l.pick("10,000 profiles, RSA-2048", "10.000 hồ sơ, RSA-2048"), l.pick("size", "kích thước"),
		l.pick("sign", "ký số"), l.pick("verify", "xác thực"), l.pick("sign + verify over the floor", "ký số + xác thực so với mức sàn"),
		l.pick("allocations per profile (sign, verify)", "lần cấp phát/hồ sơ (ký số, xác thực)")}}
	g := getter{res: res}
	floor := g.get("SignVerifyJSON/floor/gowebpki", "ns/op")
	for _, b := range []struct{ name, en, vi string }{
		{"SignVerifyJSON", "JSON (CMS over RFC 8785)", "JSON (CMS trên dạng chuẩn RFC 8785)"},
		{"SignVerifyXML", "XML (XML-DSig, exclusive C14N)", "XML (XML-DSig, chuẩn hóa C14N loại trừ)"},
	} {
		sign, verify := g.get(b.name+"/sign", "ns/op"), g.get(b.name+"/verify", "ns/op")
		size := g.get(b.name+"/sign", "MB/s") * sign / 1e9
		ratio := "—"
		if b.name == "SignVerifyJSON" {
			ratio = l.sig((sign+verify)/floor) + "×"
		}
		allocs := l.num(math.Round(g.get(b.name+"/sign", "allocs/op")/profiles), 0) + ", " +
			l.num(math.Round(g.get(b.name+"/verify", "allocs/op")/profiles), 0)
		rows = append(rows, []string{l.pick(b.en, b.vi), l.sig(size) + " MB", l.duration(sign), l.duration(verify), ratio, allocs})
	}
	for _, b := range []struct{ name, en, vi string }{
		{"SignVerifyJSON/floor/gowebpki", "floor: gowebpki/jcs, SHA-256, one RSA-2048 signature", "mức sàn: gowebpki/jcs, SHA-256, một chữ ký RSA-2048"},
		{"SignVerifyJSON/floor/ours", "the same with the SDK's RFC 8785 (signing.Canonical)", "như trên, với RFC 8785 của SDK (signing.Canonical)"},
	} {
		ns := g.get(b.name, "ns/op")
		size := g.get(b.name, "MB/s") * ns / 1e9
		rows = append(rows, []string{l.pick(b.en, b.vi), l.sig(size) + " MB", l.duration(ns), "—", l.sig(ns/floor) + "×", "—"})
	}
	return rows, g.err
}

// xmlsec1Rows are cbccvc and xmlsec1 signing and verifying the same XML
// packet as whole processes.
func xmlsec1Rows(res results, l lang) ([][]string, error) {
	rows := [][]string{{l.pick("10,000 profiles, XML, whole processes", "10.000 hồ sơ, XML, cả tiến trình"), l.pick("sign", "ký số"),
		l.pick("verify", "xác thực"), l.pick("sign + verify", "ký số + xác thực"), l.pick("CPU time", "thời gian CPU"),
		l.pick("over xmlsec1's (time, CPU)", "so với xmlsec1 (thời gian, CPU)")}}
	g := getter{res: res}
	base, baseCPU := g.get("XMLSec1/xmlsec1", "ns/op"), g.get("XMLSec1/xmlsec1", "cpu-ns/op")
	for _, b := range []struct{ name, en, vi string }{
		{"XMLSec1/cbccvc", "`cbccvc sign`, `cbccvc verify`", "`cbccvc sign`, `cbccvc verify`"},
		{"XMLSec1/xmlsec1", "`xmlsec1 --sign`, `xmlsec1 --verify`", "`xmlsec1 --sign`, `xmlsec1 --verify`"},
	} {
		ns, cpu := g.get(b.name, "ns/op"), g.get(b.name, "cpu-ns/op")
		rows = append(rows, []string{l.pick(b.en, b.vi), l.duration(g.get(b.name, "sign-ns/op")), l.duration(g.get(b.name, "verify-ns/op")),
			l.duration(ns), l.duration(cpu), l.sig(ns/base) + "×, " + l.sig(cpu/baseCPU) + "×"})
	}
	return rows, g.err
}

// syncRows are the two syncs of BenchmarkSync: the first, which sends
// every profile, and the second, after one person in a hundred changed.
// Its times are per 100,000 people, its bytes and counts those of the run.
func syncRows(res results, l lang) ([][]string, error) {
	people := l.num(syncPeople, 0)
	rows := [][]string{{l.pick(people+" people", people+" người"), l.pick("CPU (engine and sandbox)", "CPU (bộ đồng bộ và sandbox)"),
		l.pick("wall clock", "thời gian thực"), l.pick("sent", "dữ liệu gửi")}}
	g := getter{res: res}
	const name = "Sync"
	scale := syncPeople / 100_000.0
	events := g.get(name, "events")
	for _, r := range []struct{ en, vi, run string }{
		{"first sync: every profile sent (`HOSO`)", "lần đồng bộ đầu: gửi toàn bộ hồ sơ (`HOSO`)", "first"},
		{fmt.Sprintf("second sync, %s%% changed: every row read once, %s change events sent", l.num(100*g.get(name, "changed")/syncPeople, 0), l.num(events, 0)),
			fmt.Sprintf("lần thứ hai, %s%% thay đổi: đọc mỗi dòng một lần, gửi %s biến động", l.num(100*g.get(name, "changed")/syncPeople, 0), l.num(events, 0)),
			"second"},
	} {
		cpu := g.get(name, "cpu-s-"+r.run+"/100k") * scale
		wall := g.get(name, "s-"+r.run+"/100k") * scale
		rows = append(rows, []string{l.pick(r.en, r.vi), l.duration(cpu * 1e9), l.duration(wall * 1e9), l.sig(g.get(name, "MiB-sent-"+r.run)) + " MiB"})
	}
	return rows, g.err
}
