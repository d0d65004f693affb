# bash completion for prk. Install: prk completion bash > /etc/bash_completion.d/prk
# (or: source <(prk completion bash) in ~/.bashrc). Adapted from urfave/cli v2's
# autocomplete/bash_autocomplete (MIT licence): prk answers the candidates itself
# when its last argument is --generate-bash-completion.

_prk_init_completion() {
  COMPREPLY=()
  _get_comp_words_by_ref "$@" cur prev words cword
}

_prk_bash_autocomplete() {
  local cur opts words cword requestComp
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  if declare -F _init_completion >/dev/null 2>&1; then
    _init_completion -n "=:" || return
  else
    _prk_init_completion -n "=:" || return
  fi
  words=("${words[@]:0:$cword}")
  if [[ "$cur" == "-"* ]]; then
    requestComp="${words[*]} ${cur} --generate-bash-completion"
  else
    requestComp="${words[*]} --generate-bash-completion"
  fi
  opts=$(eval "${requestComp}" 2>/dev/null)
  COMPREPLY=($(compgen -W "${opts}" -- "${cur}"))
  return 0
}

complete -o bashdefault -o default -o nospace -F _prk_bash_autocomplete prk
