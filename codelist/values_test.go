package codelist_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
)

// TestValueConstants fails when an embedded list gains, loses or renames a
// code that has a constant: the constants must then change with it.
func TestValueConstants(t *testing.T) {
	for _, c := range []struct {
		list  string
		codes []string
	}{
		{codelist.ListProfileStatus, []string{codelist.StatusWorking, codelist.StatusRetired, codelist.StatusResigned,
			codelist.StatusTransferred, codelist.StatusDeceased}},
		{codelist.ListRecruitment, []string{codelist.RecruitmentExam, codelist.RecruitmentSelect,
			codelist.RecruitmentTransfer, codelist.RecruitmentOther}},
		{codelist.ListEducation, []string{codelist.EducationDoctorate, codelist.EducationMaster, codelist.EducationBachelor,
			codelist.EducationCollege, codelist.EducationIntermediate, codelist.EducationElementary, codelist.EducationOther}},
		// The identifier package's values of the two lists it codes.
		{codelist.ListPersonKind, []string{identifier.Cadre.Code(), identifier.CivilServant.Code(), identifier.PublicEmployee.Code()}},
		{codelist.ListGender, []string{codelist.GenderNoInformation, identifier.GenderMale.Code(), identifier.GenderFemale.Code()}},
	} {
		l, ok := codelist.Default().List(c.list)
		if !ok {
			t.Errorf("no embedded list %s", c.list)
			continue
		}
		var embedded []string
		for e := range l.All() {
			embedded = append(embedded, e.Code)
		}
		got := slices.Sorted(slices.Values(c.codes))
		if slices.Sort(embedded); !slices.Equal(got, embedded) {
			t.Errorf("%s: the constants are %v, the embedded list has %v", c.list, got, embedded)
		}
	}
}

// A profile's status and form of recruitment from the HR table's own
// codes, with the constants of the lists: a typing mistake does not
// compile, and every value is a code of its list.
func Example_values() {
	status := map[string]string{"DLV": codelist.StatusWorking, "NH": codelist.StatusRetired}
	recruited := map[string]string{"thi": codelist.RecruitmentExam, "xet": codelist.RecruitmentSelect}
	lists := codelist.Default()
	for _, v := range []struct{ list, code string }{
		{codelist.ListProfileStatus, status["DLV"]},
		{codelist.ListRecruitment, recruited["xet"]},
		{codelist.ListPersonKind, identifier.CivilServant.Code()},
	} {
		l, _ := lists.List(v.list)
		e, ok := l.Lookup(v.code)
		fmt.Println(v.list, v.code, ok, e.Name)
	}
	// Output:
	// TrangThai DANG_CONG_TAC true Đang công tác
	// HinhThucTuyenDung XET_TUYEN true Xét tuyển
	// LoaiDoiTuong CC true Công chức
}
