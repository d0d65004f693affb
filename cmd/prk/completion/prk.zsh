#compdef prk
# zsh completion for prk. Install: prk completion zsh > "${fpath[1]}/_prk"
# (or: source <(prk completion zsh) in ~/.zshrc). Adapted from urfave/cli v2's
# autocomplete/zsh_autocomplete (MIT licence).

_prk() {
  local -a opts
  local cur
  cur=${words[-1]}
  if [[ "$cur" == "-"* ]]; then
    opts=("${(@f)$(${words[@]:0:#words[@]-1} ${cur} --generate-bash-completion 2>/dev/null)}")
  else
    opts=("${(@f)$(${words[@]:0:#words[@]-1} --generate-bash-completion 2>/dev/null)}")
  fi

  if [[ "${opts[1]}" != "" ]]; then
    _describe 'values' opts
  else
    _files
  fi
}

if [[ "$funcstack[1]" == "_prk" ]]; then
  _prk "$@"
else
  compdef _prk prk
fi
