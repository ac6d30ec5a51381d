#!/usr/bin/env bash
# Copies routes/ into k8s/base/routes/ and lists every file in the castwire-routes configMapGenerator
# of k8s/base/kustomization.yaml (kustomize may not read files outside its folder). RoutesConfigMapTest
# fails until this has been run after a change under routes/.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf k8s/base/routes
mkdir -p k8s/base/routes
cp -R routes/. k8s/base/routes/
files=$(cd k8s/base && find routes -type f | LC_ALL=C sort | sed 's/^/      - /')
# replace the file list that follows "- name: castwire-routes" / "files:" (the last generator)
awk -v files="$files" '
  /^  - name: castwire-routes$/ { in_gen = 1 }
  in_gen && /^    files:$/ { print; print files; skip = 1; next }
  skip && /^      - / { next }
  { skip = 0; print }
' k8s/base/kustomization.yaml > k8s/base/kustomization.yaml.tmp
mv k8s/base/kustomization.yaml.tmp k8s/base/kustomization.yaml
echo "k8s/base/routes and the castwire-routes generator now match routes/"
