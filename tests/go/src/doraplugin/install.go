package doraplugin

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
)

// The first path element of every zip entry, which Grafana's installer
// replaces by the plugin id (its removeGitBuildFromName).
var topFolder = regexp.MustCompile(`^[a-zA-Z0-9_.-]*/`)

// Backend binaries Grafana's installer makes executable whatever the zip says.
var binarySuffixes = []string{"_linux_amd64", "_linux_arm", "_linux_arm64", "_darwin_amd64", "_darwin_arm64", "_windows_amd64.exe"}

// installZip unpacks a plugin archive into pluginsDir/<id> with the rules of
// `grafana cli plugins install`: exactly one top-level folder (renamed to the
// plugin id), no entry outside it, no path escaping the plugin directory,
// plugin.json at its root; backend binaries mode 0755. It returns the plugin
// directory. Stricter than Grafana where Grafana would silently drop files.
func installZip(zipPath, pluginsDir, id string) (string, error) {
	r, err := zip.OpenReader(zipPath)
	if err != nil {
		return "", err
	}
	defer r.Close()
	pluginDir := filepath.Join(pluginsDir, id)
	tops := map[string]bool{}
	for _, f := range r.File {
		loc := topFolder.FindStringIndex(f.Name)
		if loc == nil || loc[1] == 0 {
			return "", fmt.Errorf("%s: entry %q is not inside a top-level folder", zipPath, f.Name)
		}
		tops[f.Name[:loc[1]]] = true
		rel := f.Name[loc[1]:]
		dst := filepath.Join(pluginDir, rel)
		if dst != pluginDir && !strings.HasPrefix(dst, pluginDir+string(os.PathSeparator)) {
			return "", fmt.Errorf("%s: entry %q escapes the plugin directory", zipPath, f.Name)
		}
		if f.FileInfo().Mode()&os.ModeSymlink != 0 {
			return "", fmt.Errorf("%s: entry %q is a symlink", zipPath, f.Name)
		}
		if f.FileInfo().IsDir() {
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return "", err
			}
			continue
		}
		mode := f.Mode().Perm()
		for _, suffix := range binarySuffixes {
			if strings.HasSuffix(f.Name, suffix) {
				mode = 0o755
			}
		}
		if err := extract(f, dst, mode); err != nil {
			return "", err
		}
	}
	if len(tops) != 1 {
		return "", fmt.Errorf("%s: %d top-level folders, want exactly one", zipPath, len(tops))
	}
	if _, err := os.Stat(filepath.Join(pluginDir, "plugin.json")); err != nil {
		return "", fmt.Errorf("%s: no plugin.json at the top of the plugin folder: %v", zipPath, err)
	}
	return pluginDir, nil
}

func extract(f *zip.File, dst string, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := f.Open()
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// executablePath is where Grafana looks for the backend binary of this OS
// and architecture: <plugin dir>/<executable>_<os>_<arch>[.exe].
func executablePath(pluginDir string) (string, error) {
	raw, err := os.ReadFile(filepath.Join(pluginDir, "plugin.json"))
	if err != nil {
		return "", err
	}
	var manifest struct {
		Backend    bool   `json:"backend"`
		Executable string `json:"executable"`
	}
	if err := json.Unmarshal(raw, &manifest); err != nil {
		return "", fmt.Errorf("plugin.json: %v", err)
	}
	if !manifest.Backend || manifest.Executable == "" {
		return "", fmt.Errorf("plugin.json: backend %v, executable %q", manifest.Backend, manifest.Executable)
	}
	ext := ""
	if runtime.GOOS == "windows" {
		ext = ".exe"
	}
	path := filepath.Join(pluginDir, fmt.Sprintf("%s_%s_%s%s", manifest.Executable, runtime.GOOS, strings.ToLower(runtime.GOARCH), ext))
	info, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("no binary for %s/%s: %v", runtime.GOOS, runtime.GOARCH, err)
	}
	if info.Mode().Perm()&0o111 == 0 {
		return "", fmt.Errorf("%s is not executable (%v)", path, info.Mode())
	}
	return path, nil
}
