#!/usr/bin/env bash
# The git figures of the README's team and performance sections, measured
# with a real git in a temporary folder on the benchmark project (10,000
# documents, 50 MB of text, 500,000 spans, two annotators), for both forms
# side by side: the single file p.ron with the merge driver, and the folder
# project p.marginalia/.
#
#   cargo build --release --bins --examples
#   scripts/git_folder_figures.sh [WORK_DIR]
#
# For each form: a commit of a one-span edit as the window saves it
# (examples/edit_one_span.rs: Session::open, one Edit, save): bytes added to
# .git as loose objects, bytes added once packed (git gc), the time of
# `git commit -a` (staging the edited file included); the time of
# `git status` after such an edit; and the time of `git merge` of two
# branches of 10 such commits each (each a different document; the two
# branches edit different annotators' layers).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/target/release/marginalia"
edit="$root/target/release/examples/edit_one_span"
generate="$root/target/release/examples/generate_project"
for tool in "$bin" "$edit" "$generate"; do
    [[ -x "$tool" ]] || { echo "missing $tool: run cargo build --release --bins --examples" >&2; exit 1; }
done
command -v git >/dev/null || { echo "git is not installed" >&2; exit 1; }

work="${1:-$(mktemp -d)}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
echo "working in $work" >&2

# git isolated from the user's and the system's configuration.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY
mkdir -p "$HOME"

if [[ ! -f "$work/big.ron" ]]; then
    "$generate" "$work/big.ron" >&2
fi
if [[ ! -d "$work/big.marginalia" ]]; then
    "$bin" convert "$work/big.ron" "$work/big.marginalia" >&2
fi

# Wall-clock seconds of a command (its output discarded).
seconds() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

# Bytes of the loose objects in .git.
loose_bytes() {
    find .git/objects -path .git/objects/pack -prune -o -type f -printf '%s\n' \
        | awk '{ s += $1 } END { print s + 0 }'
}

# Bytes of the packs (and their indexes) in .git.
packed_bytes() {
    find .git/objects/pack -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'
}

# Commits a one-span edit of document $2, layer $3 of project $1.
edit_and_commit() {
    "$edit" "$1" "$2" "$3" 2>/dev/null
    git commit -qam "edit document $2, layer $3"
}

declare -A figure

# Measures one form: $1 the form's name, $2 the project's name in the repo,
# $3 the project to copy in.
measure() {
    local form="$1" project="$2" source="$3"
    local repo="$work/repo-$form"
    rm -rf "$repo"
    mkdir "$repo"
    cd "$repo"
    git -c init.defaultBranch=main init -q
    git config user.name "Figures"
    git config user.email "figures@example.org"
    git config commit.gpgsign false
    git config gc.auto 0
    git config merge.marginalia.name "Marginalia project merge"
    git config merge.marginalia.driver "'$bin' merge --git %O %A %B %P"
    echo '*.ron merge=marginalia' > .gitattributes
    cp -r "$source" "$project"
    git add -A
    git commit -q -m "the project"
    git gc -q --prune=now
    git status --porcelain >/dev/null # warm the index

    # A commit of a one-span edit.
    local loose0 packed0
    loose0=$(loose_bytes)
    packed0=$(packed_bytes)
    "$edit" "$project" 5000 0 2>/dev/null
    figure[$form,status]=$(seconds git status)
    figure[$form,commit]=$(seconds git commit -qam "one span")
    figure[$form,loose]=$(($(loose_bytes) - loose0))
    git gc -q --prune=now
    figure[$form,packed]=$(($(packed_bytes) - packed0))

    # Two branches of 10 one-span commits each, then their merge.
    git checkout -q -b theirs
    for i in $(seq 0 9); do edit_and_commit "$project" $((100 + i)) 1; done
    git checkout -q -b ours main
    for i in $(seq 0 9); do edit_and_commit "$project" $((200 + i)) 0; done
    figure[$form,merge]=$(seconds git merge -q --no-edit theirs)
    git log -1 --format=%P | awk 'NF != 2 { print "the merge made no merge commit" > "/dev/stderr"; exit 1 }'
    [[ -z "$(git status --porcelain)" ]] || { echo "$form: the merge left changes" >&2; exit 1; }
    "$bin" validate "$project" >/dev/null
    cd "$work"
}

measure single p.ron "$work/big.ron"
measure folder p.marginalia "$work/big.marginalia"

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1e6 }'; }

printf '| %s | %s | %s | %s |\n' "git, 10,000 documents, 500,000 spans" "single file p.ron (driver)" "folder p.marginalia/" "target"
printf '|---|---|---|---|\n'
printf '| %s | %s | %s | %s |\n' \
    "commit of a one-span edit: loose objects added" "$(mb "${figure[single,loose]}")" "$(kb "${figure[folder,loose]}")" "≤ 1 MB" \
    "the same once packed (git gc)" "$(kb "${figure[single,packed]}")" "$(kb "${figure[folder,packed]}")" "≤ 20 KB" \
    "git commit" "${figure[single,commit]} s" "${figure[folder,commit]} s" "≤ 0.3 s" \
    "git status after the edit" "${figure[single,status]} s" "${figure[folder,status]} s" "≤ 0.2 s" \
    "git merge of two branches of 10 one-span commits" "${figure[single,merge]} s" "${figure[folder,merge]} s" "≤ 1 s"
