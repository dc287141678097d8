-- An HR database as Vietnamese HR software keeps one: a table of people
-- (cán bộ) and one table for each history, keyed by the staff number
-- (ma_can_bo). The view v_ho_so at the end maps it to the HoSo of the
-- national database's packets, one JSON document a person.

CREATE TABLE can_bo (
	ma_can_bo            TEXT PRIMARY KEY,  -- the agency's staff number
	so_dinh_danh         TEXT NOT NULL UNIQUE,
	ho_ten               TEXT NOT NULL,
	gioi_tinh            TEXT NOT NULL,
	ngay_sinh            TEXT NOT NULL,     -- YYYY-MM-DD, or YYYY for an old record
	noi_sinh_ma          TEXT NOT NULL,     -- commune or province code
	que_quan_ma          TEXT NOT NULL,
	dan_toc              TEXT NOT NULL,
	ton_giao             TEXT NOT NULL,
	quoc_tich            TEXT NOT NULL DEFAULT 'VN',
	so_dien_thoai        TEXT,
	email                TEXT,
	loai_doi_tuong       TEXT NOT NULL,     -- CB, CC, VC
	ma_don_vi_quan_ly    TEXT NOT NULL,
	ma_don_vi_su_dung    TEXT NOT NULL,
	ngay_tuyen_dung      TEXT NOT NULL,
	co_quan_tuyen_dung   TEXT NOT NULL,
	hinh_thuc_tuyen_dung TEXT NOT NULL,
	ma_ngach             TEXT NOT NULL,
	bac_luong            INTEGER NOT NULL,
	he_so_luong          REAL NOT NULL,
	ngay_huong           TEXT NOT NULL,
	giao_duc_pho_thong   TEXT NOT NULL,
	chuyen_mon           TEXT NOT NULL,
	ly_luan_chinh_tri    TEXT NOT NULL,
	quan_ly_nha_nuoc     TEXT NOT NULL,
	trang_thai           TEXT NOT NULL DEFAULT 'DANG_CONG_TAC',
	ngay_cap_nhat        TEXT NOT NULL      -- RFC 3339: when the HR office last changed the record
);

CREATE TABLE qua_trinh_luong (     -- salary history
	ma_can_bo  TEXT NOT NULL REFERENCES can_bo,
	ngay_huong TEXT NOT NULL,
	ma_ngach   TEXT NOT NULL,
	bac        INTEGER NOT NULL,
	he_so      REAL NOT NULL,
	PRIMARY KEY (ma_can_bo, ngay_huong)
);

CREATE TABLE qua_trinh_cong_tac (  -- work history
	ma_can_bo TEXT NOT NULL REFERENCES can_bo,
	tu_ngay   TEXT NOT NULL,
	den_ngay  TEXT,
	don_vi    TEXT NOT NULL,
	chuc_vu   TEXT,
	PRIMARY KEY (ma_can_bo, tu_ngay)
);

CREATE TABLE khen_thuong (         -- awards
	ma_can_bo     TEXT NOT NULL REFERENCES can_bo,
	nam           INTEGER NOT NULL,
	hinh_thuc     TEXT NOT NULL,
	so_quyet_dinh TEXT
);

CREATE TABLE ky_luat (             -- disciplinary measures
	ma_can_bo       TEXT NOT NULL REFERENCES can_bo,
	ngay_quyet_dinh TEXT NOT NULL,
	hinh_thuc       TEXT NOT NULL,
	so_quyet_dinh   TEXT,
	ly_do           TEXT
);

CREATE TABLE quan_he_gia_dinh (    -- family
	ma_can_bo TEXT NOT NULL REFERENCES can_bo,
	quan_he   TEXT NOT NULL,
	ho_ten    TEXT NOT NULL,
	nam_sinh  INTEGER
);

CREATE TABLE danh_gia_xep_loai (   -- yearly quality grades (Decree 90/2020/NĐ-CP)
	ma_can_bo TEXT NOT NULL REFERENCES can_bo,
	nam       INTEGER NOT NULL,
	muc       TEXT NOT NULL,
	PRIMARY KEY (ma_can_bo, nam)
);

CREATE TABLE dieu_chuyen (         -- transfers, rotations, secondments
	ma_can_bo  TEXT NOT NULL REFERENCES can_bo,
	loai       TEXT NOT NULL,
	tu_ngay    TEXT NOT NULL,
	den_ngay   TEXT,
	don_vi_den TEXT NOT NULL,
	so_qd      TEXT NOT NULL,
	ngay_qd    TEXT NOT NULL,
	co_quan_qd TEXT NOT NULL
);

CREATE TABLE cham_dut (            -- end of service
	ma_can_bo  TEXT PRIMARY KEY REFERENCES can_bo,
	loai       TEXT NOT NULL,
	ngay       TEXT NOT NULL,
	so_qd      TEXT NOT NULL,
	ngay_qd    TEXT NOT NULL,
	co_quan_qd TEXT NOT NULL
);

-- The decisions behind changes the profile records without one: a raise
-- (NANG_LUONG), a yearly grade (DANH_GIA_XEP_LOAI), by the kind of change
-- event they carry out.
CREATE TABLE quyet_dinh (
	ma_can_bo     TEXT NOT NULL REFERENCES can_bo,
	loai_bien_dong TEXT NOT NULL,
	so            TEXT NOT NULL,
	ngay          TEXT NOT NULL,
	co_quan       TEXT NOT NULL
);

-- What the national database answered, written back after each sync.
CREATE TABLE ket_qua_dong_bo (
	ma_can_bo   TEXT NOT NULL,
	ban_ghi     TEXT NOT NULL,      -- HOSO, or the MaBienDong of a change event
	loai        TEXT NOT NULL,      -- HOSO, or the LoaiBienDong
	trang_thai  TEXT NOT NULL,      -- THANH_CONG, CANH_BAO, LOI
	vi_pham     TEXT,               -- the rules broken, if any
	PRIMARY KEY (ma_can_bo, ban_ghi)
);

-- The HoSo of each person: the first column of the sync's query. Arrays are
-- built in the order of their natural keys; a history a person has none of
-- is an empty array, which is the same as no member.
CREATE VIEW v_ho_so AS
SELECT json_object(
	'SoDinhDanh', c.so_dinh_danh,
	'HoVaTen', c.ho_ten,
	'GioiTinh', c.gioi_tinh,
	'NgaySinh', c.ngay_sinh,
	'NoiSinh', json_object('MaDonViHanhChinh', c.noi_sinh_ma),
	'QueQuan', json_object('MaDonViHanhChinh', c.que_quan_ma),
	'DanToc', c.dan_toc,
	'TonGiao', c.ton_giao,
	'QuocTich', c.quoc_tich,
	'SoDienThoai', c.so_dien_thoai,
	'Email', c.email,
	'LoaiDoiTuong', c.loai_doi_tuong,
	'MaDonViQuanLy', c.ma_don_vi_quan_ly,
	'MaDonViSuDung', c.ma_don_vi_su_dung,
	'TuyenDung', json_object('NgayTuyenDung', c.ngay_tuyen_dung, 'CoQuanTuyenDung', c.co_quan_tuyen_dung,
		'HinhThuc', c.hinh_thuc_tuyen_dung),
	'Ngach', json_object('MaNgach', c.ma_ngach, 'BacLuong', c.bac_luong, 'HeSoLuong', c.he_so_luong,
		'NgayHuong', c.ngay_huong),
	'TrinhDo', json_object('GiaoDucPhoThong', c.giao_duc_pho_thong, 'ChuyenMon', c.chuyen_mon,
		'LyLuanChinhTri', c.ly_luan_chinh_tri, 'QuanLyNhaNuoc', c.quan_ly_nha_nuoc),
	'QuaTrinhCongTac', json((SELECT json_group_array(json(x)) FROM (SELECT json_object('TuNgay', tu_ngay,
		'DenNgay', den_ngay, 'DonVi', don_vi, 'ChucVu', chuc_vu) AS x
		FROM qua_trinh_cong_tac WHERE ma_can_bo = c.ma_can_bo ORDER BY tu_ngay))),
	'DieuChuyen', json((SELECT json_group_array(json(x)) FROM (SELECT json_object('Loai', loai, 'TuNgay', tu_ngay,
		'DenNgay', den_ngay, 'DonViDen', don_vi_den,
		'QuyetDinh', json_object('So', so_qd, 'Ngay', ngay_qd, 'CoQuan', co_quan_qd)) AS x
		FROM dieu_chuyen WHERE ma_can_bo = c.ma_can_bo ORDER BY tu_ngay))),
	'QuaTrinhLuong', json((SELECT json_group_array(json(x)) FROM (SELECT json_object('NgayHuong', ngay_huong,
		'MaNgach', ma_ngach, 'BacLuong', bac, 'HeSoLuong', he_so) AS x
		FROM qua_trinh_luong WHERE ma_can_bo = c.ma_can_bo ORDER BY ngay_huong))),
	'DanhGiaXepLoai', json((SELECT json_group_array(json(x)) FROM (SELECT json_object('Nam', nam, 'Muc', muc) AS x
		FROM danh_gia_xep_loai WHERE ma_can_bo = c.ma_can_bo ORDER BY nam))),
	'KhenThuong', json((SELECT json_group_array(json(x)) FROM (SELECT json_object('Nam', nam, 'HinhThuc', hinh_thuc,
		'SoQuyetDinh', so_quyet_dinh) AS x
		FROM khen_thuong WHERE ma_can_bo = c.ma_can_bo ORDER BY nam, so_quyet_dinh))),
	'KyLuat', json((SELECT json_group_array(json(x)) FROM (SELECT json_object('NgayQuyetDinh', ngay_quyet_dinh,
		'HinhThuc', hinh_thuc, 'SoQuyetDinh', so_quyet_dinh, 'LyDo', ly_do) AS x
		FROM ky_luat WHERE ma_can_bo = c.ma_can_bo ORDER BY ngay_quyet_dinh))),
	'QuanHeGiaDinh', json((SELECT json_group_array(json(x)) FROM (SELECT json_object('QuanHe', quan_he,
		'HoVaTen', ho_ten, 'NamSinh', nam_sinh) AS x
		FROM quan_he_gia_dinh WHERE ma_can_bo = c.ma_can_bo ORDER BY rowid))),
	'ChamDut', json((SELECT json_object('Loai', loai, 'Ngay', ngay,
		'QuyetDinh', json_object('So', so_qd, 'Ngay', ngay_qd, 'CoQuan', co_quan_qd))
		FROM cham_dut WHERE ma_can_bo = c.ma_can_bo)),
	'TrangThai', c.trang_thai,
	'NgayCapNhat', c.ngay_cap_nhat
) AS ho_so,
c.ma_can_bo AS khoa,
(SELECT json_group_object(loai_bien_dong, json_object('So', so, 'Ngay', ngay, 'CoQuan', co_quan))
	FROM quyet_dinh WHERE ma_can_bo = c.ma_can_bo) AS quyet_dinh
FROM can_bo c;
