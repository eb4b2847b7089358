# Terms, congresses, working groups and elections arrive with the congress-wave issue.
