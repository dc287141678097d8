package quality_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/quality"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
	"github.com/chromedp/chromedp"
)

var updateScreenshots = flag.Bool("update-screenshots", false, "rewrite the guide's screenshots of the page (docs/guide/images)")

// The size of the screenshots, in CSS pixels.
const shotWidth, shotHeight = 1280, 900

// screenshots is where the guides keep the pictures of the page.
var screenshots = filepath.Join("..", "docs", "guide", "images")

// chromium returns the browser to drive, or skips the test: Debian's
// chromium, or the one CBCCVC_CHROMIUM names.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CBCCVC_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium is not installed (apt-get install chromium, or set CBCCVC_CHROMIUM): the page is not tested in a browser")
	return ""
}

// browser starts a headless Chromium of its own, with a fresh profile and
// no network of its own (no updates, no sync, no QUIC), for the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	do(t, bctx, "start", chromedp.EmulateViewport(shotWidth, shotHeight)) // the screenshots' size, whatever the window's
	return bctx
}

// signedPacket is an XML HOSO packet of 20 profiles, the first with every
// defect of the generator, signed by its sender in a throw-away PKI.
func signedPacket(t *testing.T) ([]byte, *signing.Verifier) {
	t.Helper()
	at := time.Date(2026, 11, 26, 10, 30, 0, 0, time.FixedZone("ICT", 7*3600))
	pki := signingtest.New(t, signingtest.At(at))
	id := pki.Agency(identifier.MustParseAgencyCode("000.00.00.H29"), signingtest.RSA2048)
	s, err := signing.NewSigner(id.Key, id.CertChain(), signing.WithClock(func() time.Time { return at }))
	if err != nil {
		t.Fatal(err)
	}
	signed, err := s.Sign(context.Background(), defective(t, packet.FormatXML, "", 20))
	if err != nil {
		t.Fatal(err)
	}
	return signed, &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots(), Now: func() time.Time { return at.Add(time.Hour) }}}
}

// TestPageInBrowser drives the page in headless Chromium as a person
// would: drop a signed packet with defects, see its findings and its
// signature, click one and see its value marked in the packet, group by
// person, open the quality view, switch to English, and paste another
// packet. With -update-screenshots it writes a picture of each view into
// the guide; otherwise it checks the page's structure only, never pixels.
func TestPageInBrowser(t *testing.T) {
	ctx := browser(t)
	signed, verifier := signedPacket(t)
	c := checker(t, false)
	c.Verifier = verifier
	srv := httptest.NewServer(&quality.Handler{Checker: c})
	defer srv.Close()
	want := check(t, c, signed)
	if want.Signature.Status != quality.SignatureVerified || len(want.Findings) == 0 {
		t.Fatalf("the packet to drop: %+v, %d findings", want.Signature, len(want.Findings))
	}

	// Drop the packet on the page, as a file.
	fileJS, _ := json.Marshal(string(signed))
	drop := fmt.Sprintf(`(() => {
		const dt = new DataTransfer();
		dt.items.add(new File([%s], "hoso.xml", {type: "application/xml"}));
		document.getElementById("drop").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
		return true;
	})()`, fileJS)
	do(t, ctx, "load", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("drop")))
	get(t, ctx, "drop", chromedp.Evaluate[bool](drop))
	do(t, ctx, "findings", chromedp.WaitVisible(chromedp.CSS("#findings .finding")))
	if n := get(t, ctx, "count", chromedp.Evaluate[int](`document.querySelectorAll("#findings .finding").length`)); n != len(want.Findings) {
		t.Errorf("%d findings shown, want %d", n, len(want.Findings))
	}
	if sig := get(t, ctx, "signature", chromedp.Text(chromedp.ID("signature-slot"))); !strings.Contains(sig, "Chữ ký số hợp lệ") || !strings.Contains(sig, "000.00.00.H29") {
		t.Errorf("signature shown: %q", sig)
	}

	// Click the finding of the salary coefficient: its value is marked.
	target := findingOf(t, want, packet.RuleSalaryCoeff)
	locs, err := packet.Locate(context.Background(), bytes.NewReader(signed), packet.FormatAuto, packet.Limits{}, []string{target.Pointer})
	if err != nil {
		t.Fatal(err)
	}
	wantMark := string(signed[locs[target.Pointer].Start:locs[target.Pointer].End])
	sel := chromedp.CSS(fmt.Sprintf(`#findings .finding[data-pointer=%q]`, target.Pointer))
	do(t, ctx, "click a finding", chromedp.Click(sel), chromedp.WaitVisible(chromedp.ID("mark")))
	mark := get(t, ctx, "mark", chromedp.Text(chromedp.ID("mark")))
	active := get(t, ctx, "active", chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q).classList.contains("active")`, string(sel))))
	if mark != wantMark || !strings.Contains(mark, "HeSoLuong") || !active {
		t.Errorf("marked %q (active %v), want %q", mark, active, wantMark)
	}
	shoot(t, ctx, "page-findings-vi.png")

	// Group by person: the first group is the first record, by its personal ID.
	do(t, ctx, "group by person", chromedp.Click(chromedp.ID("group-person")), chromedp.WaitVisible(chromedp.CSS("#findings .person")))
	first := get(t, ctx, "first person", chromedp.Text(chromedp.CSS("#findings .group h3")))
	if p0 := want.ByPerson[0]; !strings.Contains(first, p0.PersonalID) || !strings.Contains(first, p0.FullName) {
		t.Errorf("first person %q, want %s %s", first, p0.PersonalID, p0.FullName)
	}
	shoot(t, ctx, "page-persons-vi.png")

	// The quality view: its charts and the clean share.
	do(t, ctx, "quality view", chromedp.Click(chromedp.ID("tab-quality")), chromedp.WaitVisible(chromedp.CSS("#panel-quality #rules")))
	share := get(t, ctx, "share", chromedp.Text(chromedp.ID("clean-share")))
	charts := get(t, ctx, "charts", chromedp.Evaluate[int](`document.querySelectorAll("#panel-quality .chart svg").length`))
	if wantShare := percentVI(want.CleanShare); share != wantShare || charts < 3 {
		t.Errorf("clean share %q (want %q), %d charts", share, wantShare, charts)
	}
	shoot(t, ctx, "page-quality-vi.png")

	// English, one click away; the view and the findings follow.
	do(t, ctx, "switch to English", chromedp.Click(chromedp.ID("lang-label")))
	lang := get(t, ctx, "lang", chromedp.Evaluate[string](`document.documentElement.lang`))
	tabText := get(t, ctx, "tab", chromedp.Text(chromedp.ID("tab-quality")))
	share = get(t, ctx, "share", chromedp.Text(chromedp.ID("clean-share")))
	if lang != "en" || strings.TrimSpace(tabText) != "Data quality" || share != strings.ReplaceAll(percentVI(want.CleanShare), ",", ".") {
		t.Errorf("after the switch: lang %q, tab %q, share %q", lang, tabText, share)
	}
	shoot(t, ctx, "page-quality-en.png")
	do(t, ctx, "findings in English", chromedp.Click(chromedp.ID("tab-findings")), chromedp.Click(chromedp.ID("group-rule")),
		chromedp.Click(sel), chromedp.WaitVisible(chromedp.ID("mark")))
	if en := get(t, ctx, "finding", chromedp.Text(sel)); !strings.Contains(en, target.MessageEN) || strings.Contains(en, target.MessageVI) {
		t.Errorf("the finding in English reads %q", en)
	}
	shoot(t, ctx, "page-findings-en.png")

	// Paste another packet, after a reload: the language stays English.
	vector, err := os.ReadFile(filepath.Join("..", "conformance", "validate", "R-ID-003.json"))
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("paste")))
	lang = get(t, ctx, "lang", chromedp.Evaluate[string](`document.documentElement.lang`))
	do(t, ctx, "paste", chromedp.SetValue(chromedp.ID("paste"), string(vector)), chromedp.Click(chromedp.ID("check")),
		chromedp.WaitVisible(chromedp.CSS("#findings .finding")))
	if rules := get(t, ctx, "findings", chromedp.Text(chromedp.ID("findings"))); lang != "en" || !strings.Contains(rules, packet.RulePersonalIDGender) {
		t.Errorf("after pasting: lang %q, findings %q", lang, rules)
	}
}

// TestReportInBrowser opens the report cbccvc report writes, which has no
// script: its charts show, and the language switch works by the
// stylesheet alone.
func TestReportInBrowser(t *testing.T) {
	ctx := browser(t)
	rep := check(t, checker(t, false), defective(t, packet.FormatJSON, "", 24))
	var page bytes.Buffer
	if err := quality.WriteHTML(&page, rep, quality.HTMLOptions{Source: "hoso.json"}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'") // no script, nothing fetched
		w.Write(page.Bytes())
	}))
	defer srv.Close()
	do(t, ctx, "load", chromedp.Navigate(srv.URL), chromedp.WaitVisible(chromedp.ID("rules")))
	charts := get(t, ctx, "charts", chromedp.Evaluate[int](`document.querySelectorAll(".chart svg rect").length`))
	title := get(t, ctx, "title", chromedp.Text(chromedp.CSS("header h1")))
	if charts == 0 || title != "Báo cáo chất lượng dữ liệu gói tin" {
		t.Errorf("%d bars, title %q", charts, title)
	}
	shoot(t, ctx, "report-vi.png")
	do(t, ctx, "switch", chromedp.Click(chromedp.ID("lang-label")))
	if title := get(t, ctx, "title", chromedp.Text(chromedp.CSS("header h1"))); title != "Packet data-quality report" {
		t.Errorf("after the switch, title %q", title)
	}
}

func findingOf(t *testing.T, rep *quality.Report, rule string) quality.Finding {
	t.Helper()
	for _, f := range rep.Findings {
		if f.Rule == rule {
			return f
		}
	}
	t.Fatalf("no %s finding", rule)
	return quality.Finding{}
}

// percentVI is the clean share as the page writes it in Vietnamese.
func percentVI(share float64) string {
	s := strings.TrimSuffix(fmt.Sprintf("%.1f", 100*share), ".0")
	return strings.ReplaceAll(s, ".", ",") + "%"
}

func do(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

func get[T any](t *testing.T, ctx context.Context, step string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	return v
}

// shoot takes a screenshot of the viewport into the guide with
// -update-screenshots; without, it checks that the guide has one of that
// name, a PNG of the page's size.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	path := filepath.Join(screenshots, name)
	if *updateScreenshots {
		b := get(t, ctx, "screenshot "+name, chromedp.CaptureScreenshot())
		if err := os.MkdirAll(screenshots, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Errorf("the guide lacks %s (go test ./quality -run TestPageInBrowser -update-screenshots): %v", name, err)
		return
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != shotWidth || cfg.Height != shotHeight {
		t.Errorf("%s: %v, %dx%d, want a %dx%d PNG", name, err, cfg.Width, cfg.Height, shotWidth, shotHeight)
	}
}
