package sqlstore

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"praxis"
)

// A backup is a gzip-compressed tar archive: manifest.json, then
// praxis.db (a consistent copy of the SQLite database), then the
// attachments' files under uploads/.
const (
	BackupFormat  = "praxis-backup"
	BackupVersion = 1

	backupManifest = "manifest.json"
	backupDatabase = "praxis.db"
	backupUploads  = "uploads/"
)

// BackupManifest describes a backup; it is its first entry.
type BackupManifest struct {
	Format    string         `json:"format"`
	Version   int            `json:"version"`
	Schema    int64          `json:"schema"`
	CreatedAt time.Time      `json:"created_at"`
	Praxis    string         `json:"praxis,omitempty"`
	Database  BackupDatabase `json:"database"`
	// Uploads counts the attachments' files written (Backup) or restored
	// (Restore); it is not part of the manifest in the archive.
	Uploads int `json:"-"`
}

// BackupDatabase is the database file of a backup.
type BackupDatabase struct {
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// uploadPathRe is the name of an attachment's file in a backup: a shard
// folder and a key, as package blobstore lays them out.
var uploadPathRe = regexp.MustCompile(`^uploads/([0-9a-f]{2})/([0-9a-f]{4,128})$`)

// Backup writes a backup of the SQLite database and of the uploads to w
// while the server keeps running. The database is copied with VACUUM INTO,
// which reads one snapshot: every write committed before Backup began is
// in the copy. The uploads are copied afterwards, so every file the copy
// refers to (files are written before their rows) is there.
// Errors: EINVALID on PostgreSQL, whose tool is pg_dump.
func (db *DB) Backup(ctx context.Context, w io.Writer, praxisVersion string) (*BackupManifest, error) {
	if !db.d.singleFile() {
		return nil, praxis.Errorf(praxis.EINVALID, "praxis backup copies a SQLite database. For PostgreSQL, use pg_dump and copy the uploads folder: see docs/OPERATIONS.md.")
	}
	tmp, err := os.MkdirTemp(filepath.Dir(db.d.path), ".praxis-backup-")
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmp)
	snapshot := filepath.Join(tmp, backupDatabase)

	// A connection of its own: the pools are query_only or the one writer,
	// which the server's writes must not wait behind.
	conn, err := sql.Open("sqlite", fileURI(db.d.path)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO $1`, snapshot); err != nil {
		return nil, fmt.Errorf("backup: copy the database: %w", err)
	}
	m := &BackupManifest{Format: BackupFormat, Version: BackupVersion, CreatedAt: db.now().UTC().Truncate(time.Millisecond), Praxis: praxisVersion}
	if m.Schema, err = sqliteSchema(ctx, snapshot); err != nil {
		return nil, err
	}
	if m.Database.Size, m.Database.SHA256, err = fileSum(snapshot); err != nil {
		return nil, err
	}

	uploads, err := listUploads(db.uploadsDir())
	if err != nil {
		return nil, err
	}
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := tw.WriteHeader(&tar.Header{Name: backupManifest, Mode: 0o640, Size: int64(len(manifest)), ModTime: m.CreatedAt}); err != nil {
		return nil, err
	}
	if _, err := tw.Write(manifest); err != nil {
		return nil, err
	}
	if err := tarFile(tw, backupDatabase, snapshot); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	for _, rel := range uploads {
		err := tarFile(tw, backupUploads+rel, filepath.Join(db.uploadsDir(), filepath.FromSlash(rel)))
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed since it was listed: an upload whose row was never written
		} else if err != nil {
			return nil, fmt.Errorf("backup: %w", err)
		}
		m.Uploads++
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return m, nil
}

// uploadsDir is the folder of the attachments' files.
func (db *DB) uploadsDir() string {
	if d, ok := db.blobs.(interface{ Root() string }); ok {
		return d.Root()
	}
	return ""
}

// listUploads lists the attachments' files under root as shard/key paths.
func listUploads(root string) ([]string, error) {
	if root == "" {
		return nil, nil
	}
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == root {
			return filepath.SkipDir
		} else if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			if rel = filepath.ToSlash(rel); uploadPathRe.MatchString(backupUploads + rel) {
				out = append(out, rel) // not a .put-* file being written
			}
		}
		return nil
	})
	return out, err
}

// tarFile writes one file into the archive.
func tarFile(tw *tar.Writer, name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o640, Size: st.Size(), ModTime: st.ModTime()}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

func fileSum(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return n, hex.EncodeToString(h.Sum(nil)), err
}

// sqliteSchema reads the newest migration applied to a SQLite file.
func sqliteSchema(ctx context.Context, path string) (int64, error) {
	conn, err := sql.Open("sqlite", fileURI(path))
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var v int64
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(max(version_id), 0) FROM goose_db_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read the schema version of %s: %w", path, err)
	}
	return v, nil
}

// RestoreOptions say where Restore puts a backup.
type RestoreOptions struct {
	DatabasePath string // the SQLite file
	UploadsDir   string // the attachments' folder
	// Force replaces an existing database and uploads, which are moved
	// aside into a replaced-TIME folder, never deleted.
	Force bool
}

// RestoreOptionsFor gives the places Restore fills for the database Open
// would open with o: the SQLite file and DATA/uploads.
// Errors: EINVALID for a PostgreSQL URL, whose tool is pg_restore.
func RestoreOptionsFor(o Options) (RestoreOptions, error) {
	if strings.HasPrefix(o.DatabaseURL, "postgres://") || strings.HasPrefix(o.DatabaseURL, "postgresql://") {
		return RestoreOptions{}, praxis.Errorf(praxis.EINVALID, "praxis restore puts back a backup of a SQLite database. For PostgreSQL, use pg_restore: see docs/OPERATIONS.md.")
	}
	dir := o.DataDir
	if dir == "" {
		dir = "praxis-data"
	}
	path := strings.TrimPrefix(o.DatabaseURL, "sqlite://")
	if path == "" {
		path = filepath.Join(dir, "praxis.db")
	}
	return RestoreOptions{DatabasePath: path, UploadsDir: filepath.Join(dir, "uploads")}, nil
}

// RestoreResult tells what Restore did.
type RestoreResult struct {
	Manifest *BackupManifest
	// Replaced is the folder the previous files were moved to, if any.
	Replaced string
}

// Restore puts a backup written by Backup in place, with the server
// stopped. It unpacks into a temporary folder beside the target, checks the
// database's checksum and runs PRAGMA integrity_check, and only then moves
// the files in: a damaged or truncated backup changes nothing.
// Errors: EINVALID for a file that is not a backup this version reads, or
// fails its checks; ECONFLICT when a database is there already (without
// Force) or in use.
func Restore(ctx context.Context, r io.Reader, o RestoreOptions) (*RestoreResult, error) {
	hasDB := exists(o.DatabasePath) || exists(o.DatabasePath+"-wal")
	hasUploads := false
	if entries, err := os.ReadDir(o.UploadsDir); err == nil && len(entries) > 0 {
		hasUploads = true
	}
	if (hasDB || hasUploads) && !o.Force {
		return nil, praxis.Errorf(praxis.ECONFLICT, "There is a database or uploads already (%s, %s): restore does not overwrite them unless you add --force "+
			"(they are then moved aside, not deleted).", o.DatabasePath, o.UploadsDir)
	}
	if hasDB {
		if err := checkNotInUse(ctx, o.DatabasePath); err != nil {
			return nil, err
		}
	}

	for _, dir := range []string{filepath.Dir(o.DatabasePath), filepath.Dir(o.UploadsDir)} {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("restore: %w", err)
		}
	}
	stageDB, err := os.MkdirTemp(filepath.Dir(o.DatabasePath), ".praxis-restore-")
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(stageDB)
	stageUploads, err := os.MkdirTemp(filepath.Dir(o.UploadsDir), ".praxis-restore-uploads-")
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(stageUploads)

	m, err := unpackBackup(r, filepath.Join(stageDB, backupDatabase), stageUploads)
	if err != nil {
		return nil, err
	}
	if err := checkIntegrity(ctx, filepath.Join(stageDB, backupDatabase)); err != nil {
		return nil, err
	}

	res := &RestoreResult{Manifest: m}
	if hasDB || hasUploads {
		res.Replaced = filepath.Join(filepath.Dir(o.DatabasePath), "replaced-"+time.Now().UTC().Format("20060102T150405Z"))
		if err := os.MkdirAll(res.Replaced, 0o750); err != nil {
			return nil, fmt.Errorf("restore: %w", err)
		}
		for _, p := range []string{o.DatabasePath, o.DatabasePath + "-wal", o.DatabasePath + "-shm", o.UploadsDir} {
			if exists(p) {
				if err := os.Rename(p, filepath.Join(res.Replaced, filepath.Base(p))); err != nil {
					return nil, fmt.Errorf("restore: move %s aside: %w", p, err)
				}
			}
		}
	} else {
		os.Remove(o.UploadsDir) // an empty folder
	}
	if err := os.Rename(filepath.Join(stageDB, backupDatabase), o.DatabasePath); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(stageUploads, o.UploadsDir); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	return res, nil
}

// unpackBackup reads a backup: the manifest first, then the database into
// dbPath and the uploads into uploadsDir, checking the database's sum.
func unpackBackup(r io.Reader, dbPath, uploadsDir string) (*BackupManifest, error) {
	damaged := func(err error) error {
		return &praxis.Error{Code: praxis.EINVALID, Message: "The backup is truncated or damaged.", Err: err}
	}
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, &praxis.Error{Code: praxis.EINVALID, Message: "This is not a Praxis backup (a .tar.gz file), or it is damaged.", Err: err}
	}
	tr := tar.NewReader(gz)
	hdr, err := tr.Next()
	if err != nil {
		return nil, damaged(err)
	}
	if hdr.Name != backupManifest || hdr.Size > maxBackupManifest {
		return nil, praxis.Errorf(praxis.EINVALID, "This archive does not start with %s: it is not a Praxis backup.", backupManifest)
	}
	m, err := readBackupManifest(tr)
	if err != nil {
		return nil, err
	}
	sawDB := false
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, damaged(err)
		}
		var dst string
		switch sub := uploadPathRe.FindStringSubmatch(hdr.Name); {
		case hdr.Name == backupDatabase && !sawDB:
			dst, sawDB = dbPath, true
		case sub != nil:
			dst = filepath.Join(uploadsDir, sub[1], sub[2])
			if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
				return nil, err
			}
		default:
			return nil, praxis.Errorf(praxis.EINVALID, "The backup holds %s, which a Praxis backup does not.", hdr.Name)
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, praxis.Errorf(praxis.EINVALID, "The backup holds %s, which is not a file.", hdr.Name)
		}
		f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(f, h), tr)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, damaged(err)
		}
		if dst == dbPath && (n != m.Database.Size || hex.EncodeToString(h.Sum(nil)) != m.Database.SHA256) {
			return nil, praxis.Errorf(praxis.EINVALID, "The database in the backup does not match its checksum: the backup is damaged.")
		}
		if dst != dbPath {
			m.Uploads++
		}
	}
	if !sawDB {
		return nil, praxis.Errorf(praxis.EINVALID, "The backup holds no database.")
	}
	return m, nil
}

// maxBackupManifest is the largest manifest.json Restore reads.
const maxBackupManifest = 1 << 20

// readBackupManifest decodes and checks the manifest of a backup: the
// first JSON value of r, in a format and schema this version reads.
func readBackupManifest(r io.Reader) (*BackupManifest, error) {
	var m BackupManifest
	if err := json.NewDecoder(r).Decode(&m); err != nil || m.Format != BackupFormat {
		return nil, praxis.Errorf(praxis.EINVALID, "The manifest of this archive is not that of a Praxis backup.")
	}
	if m.Version != BackupVersion {
		return nil, praxis.Errorf(praxis.EINVALID, "The backup is in format version %d; this Praxis reads version %d.", m.Version, BackupVersion)
	}
	latest, err := latestSchema("sqlite")
	if err != nil {
		return nil, err
	}
	if m.Schema > latest {
		return nil, praxis.Errorf(praxis.EINVALID, "The backup has schema %d, which this Praxis does not know (it knows schemas up to %d): upgrade Praxis to restore it.", m.Schema, latest)
	}
	return &m, nil
}

// checkIntegrity runs PRAGMA integrity_check on a SQLite file.
func checkIntegrity(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", fileURI(path))
	if err != nil {
		return err
	}
	defer conn.Close()
	problems, err := queryStrings(ctx, conn, `PRAGMA integrity_check`)
	if err != nil {
		return &praxis.Error{Code: praxis.EINVALID, Message: "The database in the backup cannot be read: it is damaged.", Err: err}
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return praxis.Errorf(praxis.EINVALID, "The database in the backup fails its integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}

// checkNotInUse fails when another connection has the SQLite file open: a
// server still running. It asks for an exclusive lock, which SQLite only
// grants when no one else holds the database in WAL mode.
func checkNotInUse(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", fileURI(path)+"?_pragma=busy_timeout(0)")
	if err != nil {
		return err
	}
	defer conn.Close()
	c, err := conn.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `PRAGMA locking_mode = EXCLUSIVE`); err != nil {
		return nil // not a database we can read: it is moved aside
	}
	_, err = c.ExecContext(ctx, `BEGIN EXCLUSIVE`)
	if isBusy(err) {
		return praxis.Errorf(praxis.ECONFLICT, "The database %s is in use: stop praxis serve (and every other praxis command) before restoring.", path)
	}
	if err == nil {
		c.ExecContext(ctx, `ROLLBACK`)
	}
	return nil
}

// fileURI is the file: URI of a path, escaped as Open escapes it.
func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
